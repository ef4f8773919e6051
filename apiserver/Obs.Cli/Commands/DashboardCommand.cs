using System.CommandLine;
using System.Net;
using Obs.Dashboard;

namespace Obs.Cli.Commands;

/// <summary><c>obs dashboard</c>: serves the web dashboard in the foreground until SIGTERM or Ctrl-C.</summary>
public static class DashboardCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig the dashboard watches the cluster with (default: $KUBECONFIG or ~/.kube/config)" };
        var address = new Option<string>("--address") { Description = "address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTP port", DefaultValueFactory = _ => 8080 };
        var prometheus = new Option<string?>("--prometheus-url") { Description = "Prometheus base URL for the charts (none: the charts say so)" };
        var keys = new Option<string?>("--keys-dir") { Description = "where the keys that protect sign-in cookies are kept (none: in memory, so a restart signs everyone out)" };
        var command = new Command("dashboard", "Serve the web dashboard in the foreground") { kubeconfig, address, port, prometheus, keys };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new DashboardOptions
            {
                Address = IPAddress.Parse(parse.GetValue(address)!),
                Port = parse.GetValue(port),
                Kubeconfig = parse.GetValue(kubeconfig),
                PrometheusUrl = parse.GetValue(prometheus) is { Length: > 0 } url ? new Uri(url) : null,
                KeysDirectory = parse.GetValue(keys),
            };
            await using var host = DashboardHost.Create(options);
            // SIGTERM (how `obs down` stops it) cancels the token as Ctrl-C does (TerminationSignals), so open
            // pages and SSE streams are closed cleanly.
            await host.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
