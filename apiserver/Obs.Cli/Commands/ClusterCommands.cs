using System.CommandLine;
using Obs.Cli.Cluster;

namespace Obs.Cli.Commands;

/// <summary><c>obs up</c>, <c>obs down</c> and <c>obs status</c> for the local cluster.</summary>
public static class ClusterCommands
{
    private static readonly Option<int> ApiServerPort = new("--apiserver-port") { Description = "apiserver HTTPS port", DefaultValueFactory = _ => 6443 };
    private static readonly Option<int> AgentPort = new("--agent-port") { Description = "node agent HTTPS port", DefaultValueFactory = _ => 10250 };
    private static readonly Option<int> AlertmanagerPort = new("--alertmanager-port") { Description = "Alertmanager port (another free one when it is taken)", DefaultValueFactory = _ => 9093 };
    private static readonly Option<int> PrometheusPort = new("--prometheus-port") { Description = "Prometheus port (another free one when it is taken)", DefaultValueFactory = _ => 9090 };
    private static readonly Option<int> DashboardPort = new("--dashboard-port") { Description = "dashboard port (another free one when it is taken)", DefaultValueFactory = _ => 8080 };

    private static LocalCluster Cluster(ParseResult parse) => new(ClusterHome.FromEnvironment(),
        new LocalClusterPorts(parse.GetValue(ApiServerPort), parse.GetValue(AgentPort), parse.GetValue(AlertmanagerPort), parse.GetValue(PrometheusPort), parse.GetValue(DashboardPort)));

    public static Command Up()
    {
        var command = new Command("up", "Start a local cluster in the background (idempotent)") { ApiServerPort, AgentPort, AlertmanagerPort, PrometheusPort, DashboardPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = ClusterHome.FromEnvironment();
            var cluster = Cluster(parse);
            var token = await cluster.UpAsync(Console.Out, cancellationToken);
            Console.WriteLine();
            Console.WriteLine($"apiserver   {cluster.ApiServerUrl}");
            Console.WriteLine($"prometheus  {cluster.Prometheus.Url}");
            Console.WriteLine($"alertmanager {cluster.Alertmanager.Url}");
            Console.WriteLine($"dashboard   {cluster.Dashboard.Url}   (sign in with the token below)");
            Console.WriteLine($"kubeconfig  {home.Kubeconfig}   (export KUBECONFIG={home.Kubeconfig})");
            Console.WriteLine($"token       {token}");
            Console.WriteLine($"try         kubectl --kubeconfig {home.Kubeconfig} get namespaces");
            return 0;
        });
        return command;
    }

    public static Command Down()
    {
        var command = new Command("down", "Stop the local cluster; its data stays for the next `up`") { ApiServerPort, AgentPort, AlertmanagerPort, PrometheusPort, DashboardPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await Cluster(parse).DownAsync(Console.Out, cancellationToken);
            return 0;
        });
        return command;
    }

    public static Command Status()
    {
        var command = new Command("status", "Show what runs where") { ApiServerPort, AgentPort, AlertmanagerPort, PrometheusPort, DashboardPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await Cluster(parse).StatusAsync(Console.Out, cancellationToken);
            return 0;
        });
        return command;
    }
}
