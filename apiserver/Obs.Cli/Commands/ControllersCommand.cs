using System.CommandLine;
using Microsoft.Extensions.Logging;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.Controllers.Nodes;

namespace Obs.Cli.Commands;

/// <summary>
/// <c>obs controllers</c>: runs the controller manager in the foreground until SIGTERM or Ctrl-C.
/// Several may run against one cluster; one leads through the <c>kube-system/obs-controller-manager</c> Lease.
/// </summary>
public static class ControllersCommand
{
    public static Command Create()
    {
        var kubeconfig = new Option<string>("--kubeconfig") { Description = "kubeconfig of the cluster (default: $KUBECONFIG or ~/.kube/config)" };
        var workers = new Option<int>("--workers") { Description = "concurrent syncs per controller", DefaultValueFactory = _ => 5 };
        var noElection = new Option<bool>("--no-leader-election") { Description = "run at once, without a Lease (a single controller manager)" };
        var gracePeriod = new Option<string>(NodeMonitorGracePeriod.Flag)
        {
            Description = "how long a node's agent may go without renewing its Lease before the node is unreachable (Go duration)",
            DefaultValueFactory = _ => "40s",
        };
        var command = new Command("controllers", "Run the controllers (ReplicaSet, Deployment, Job, CronJob, garbage collector, namespace, endpoints) in the foreground")
        {
            kubeconfig, workers, noElection, gracePeriod,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (NodeMonitorGracePeriod.Problem(parse.GetValue(gracePeriod)!, out var period) is { } problem)
            {
                parse.InvocationConfiguration.Error.WriteLine($"obs controllers: {problem}");
                return 2;
            }
            using var loggers = new StderrLoggerFactory();
            using var client = ApiClient.FromKubeconfig(parse.GetValue(kubeconfig), new ApiClientOptions { Qps = 50, Burst = 100, UserAgent = "obs-controller-manager" });
            var manager = new ControllerManager(client, new ControllerManagerOptions
            {
                Workers = parse.GetValue(workers),
                LeaderElection = !parse.GetValue(noElection),
                NodeLifecycle = new NodeLifecycleOptions { GracePeriod = period },
            }, loggers);
            await manager.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Information and above, one line each on standard error: what a foreground process under a supervisor should print.</summary>
    private sealed class StderrLoggerFactory : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new StderrLogger(categoryName);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class StderrLogger(string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (!IsEnabled(logLevel)) return;
                var line = $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {logLevel} {category}: {formatter(state, exception)}";
                if (exception is not null) line += " " + exception.Message;
                Console.Error.WriteLine(line);
            }
        }
    }
}
