using System.CommandLine;
using Microsoft.Extensions.Logging;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Scheduler.Hosting;
using Obs.Scheduler.Scheduling;

namespace Obs.Cli.Commands;

/// <summary><c>obs scheduler</c>: runs the scheduler in the foreground, leader-elected through a Lease, until SIGTERM or Ctrl-C.</summary>
public static class SchedulerCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig of the cluster (default: $KUBECONFIG or ~/.kube/config)" };
        var leaseNamespace = new Option<string>("--lease-namespace") { Description = "namespace of the leader-election Lease", DefaultValueFactory = _ => "kube-system" };
        var leaseName = new Option<string>("--lease-name") { Description = "name of the leader-election Lease", DefaultValueFactory = _ => "obs-scheduler" };
        var percentage = new Option<int?>("--percentage-of-nodes-to-score") { Description = "share of nodes to find feasible before scoring (default: adaptive)" };
        var qps = new Option<double>("--kube-api-qps") { Description = "requests per second to the apiserver (bindings are also bounded by those in flight)", DefaultValueFactory = _ => 5000 };
        var burst = new Option<int>("--kube-api-burst") { Description = "burst of requests to the apiserver", DefaultValueFactory = _ => 5000 };
        var command = new Command("scheduler", "Run the scheduler in the foreground") { kubeconfig, leaseNamespace, leaseName, percentage, qps, burst };
        command.SetAction(async (parse, cancellationToken) =>
        {
            // SIGTERM (how `obs down`, systemd and kill stop it) cancels the token as Ctrl-C does
            // (TerminationSignals): the scheduler leaves the Lease and finishes bindings in flight.
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            var connection = KubeconfigFile.Load(parse.GetValue(kubeconfig));
            using var client = new ApiClient(connection, new ApiClientOptions { Qps = parse.GetValue(qps), Burst = parse.GetValue(burst), UserAgent = "obs-scheduler" });
            var options = new SchedulerOptions
            {
                LeaseNamespace = parse.GetValue(leaseNamespace)!,
                LeaseName = parse.GetValue(leaseName)!,
                PercentageOfNodesToScore = parse.GetValue(percentage),
            };
            await LeaderElectedScheduler.RunAsync(client, options, loggers.CreateLogger("obs.scheduler"), cancellationToken);
            return 0;
        });
        return command;
    }
}
