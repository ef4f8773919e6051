using System.CommandLine;
using Obs.Cli.Cluster;

namespace Obs.Cli.Commands;

/// <summary><c>obs up</c>, <c>obs down</c> and <c>obs status</c> for the local cluster.</summary>
public static class ClusterCommands
{
    private static readonly Option<int> ApiServerPort = new("--apiserver-port") { Description = "apiserver HTTPS port (another free one when it is taken)", DefaultValueFactory = _ => 6443 };
    private static readonly Option<int> AgentPort = new("--agent-port") { Description = "node agent HTTPS port (another free one when it is taken)", DefaultValueFactory = _ => 10250 };
    private static readonly Option<int> AlertmanagerPort = new("--alertmanager-port") { Description = "Alertmanager port (another free one when it is taken)", DefaultValueFactory = _ => 9093 };
    private static readonly Option<int> PrometheusPort = new("--prometheus-port") { Description = "Prometheus port (another free one when it is taken)", DefaultValueFactory = _ => 9090 };
    private static readonly Option<int> DashboardPort = new("--dashboard-port") { Description = "dashboard port (another free one when it is taken)", DefaultValueFactory = _ => 8080 };
    private static readonly Option<int?> IngressHttpPort = new("--ingress-http-port")
    {
        Description = $"the agent's ingress HTTP port (default ${IngressPorts.HttpVariable}, else 80 when free, else a free one; 0: none)",
        DefaultValueFactory = _ => IngressPorts.FromEnvironment(IngressPorts.HttpVariable, out var port) ? port : -1,
    };
    private static readonly Option<int?> IngressHttpsPort = new("--ingress-https-port")
    {
        Description = $"the agent's ingress HTTPS port (default ${IngressPorts.HttpsVariable}, else 443 when free, else a free one; 0: none)",
        DefaultValueFactory = _ => IngressPorts.FromEnvironment(IngressPorts.HttpsVariable, out var port) ? port : -1,
    };

    /// <param name="ingressHttp">Only <c>up</c> starts the agent, so only it takes the ingress ports.</param>
    private static LocalCluster Cluster(ParseResult parse, int? ingressHttp = null, int? ingressHttps = null) => new(ClusterHome.FromEnvironment(),
        new LocalClusterPorts(parse.GetValue(ApiServerPort), parse.GetValue(AgentPort), parse.GetValue(AlertmanagerPort), parse.GetValue(PrometheusPort), parse.GetValue(DashboardPort),
            ingressHttp, ingressHttps));

    public static Command Up()
    {
        var command = new Command("up", "Start a local cluster in the background (idempotent)") { ApiServerPort, AgentPort, AlertmanagerPort, PrometheusPort, DashboardPort, IngressHttpPort, IngressHttpsPort };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = ClusterHome.FromEnvironment();
            LocalCluster cluster;
            try
            {
                cluster = Cluster(parse, Port(parse.GetValue(IngressHttpPort), "--ingress-http-port", IngressPorts.HttpVariable),
                    Port(parse.GetValue(IngressHttpsPort), "--ingress-https-port", IngressPorts.HttpsVariable));
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"obs up: {e.Message}");
                return 2;
            }
            if (cluster.NativeAgentMissing() is { } missing)
            {
                Console.Error.WriteLine($"obs up: {missing}");
                return 1;
            }
            var token = await cluster.UpAsync(Console.Out, cancellationToken);
            Console.WriteLine();
            Console.WriteLine($"apiserver   {cluster.ApiServerUrl}");
            Console.WriteLine($"prometheus  {cluster.Prometheus.Url}");
            Console.WriteLine($"alertmanager {cluster.Alertmanager.Url}");
            Console.WriteLine($"dashboard   {cluster.Dashboard.Url}   (sign in with the token below)");
            if (cluster.Ingress is { } ingress) Console.WriteLine($"ingress     {ingress.Describe()}   (Ingresses of class obs)");
            Console.WriteLine($"kubeconfig  {home.Kubeconfig}   (export KUBECONFIG={home.Kubeconfig})");
            Console.WriteLine($"token       {token}");
            Console.WriteLine($"try         kubectl --kubeconfig {home.Kubeconfig} get namespaces");
            return 0;
        });
        return command;
    }

    /// <summary>A bad value in the environment arrives as -1 (an option's default cannot fail), and is told as the user's mistake it is.</summary>
    private static int? Port(int? port, string option, string variable) =>
        port is null or (>= 0 and <= 65535) ? port : throw new ArgumentException($"{option} (or ${variable}) must be a port, 0–65535 (0: none)");

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
