using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Client.LeaderElection;
using Obs.Client.Rest;
using Obs.Scheduler.Scheduling;

namespace Obs.Scheduler.Hosting;

/// <summary>
/// The scheduler as a component runs it: every replica campaigns for the Lease
/// (kube-system/obs-scheduler by default) and only the holder schedules. A replica that loses
/// the Lease drops its state and campaigns again with a fresh cache, as a restarted
/// kube-scheduler would.
/// </summary>
public static class LeaderElectedScheduler
{
    public static async Task RunAsync(ApiClient client, SchedulerOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        logger ??= NullLogger.Instance;
        var election = new LeaderElectionOptions
        {
            Namespace = options.LeaseNamespace,
            Name = options.LeaseName,
            Identity = options.Identity,
            TimeProvider = options.TimeProvider,
        };
        while (!cancellationToken.IsCancellationRequested)
        {
            var elector = new LeaderElector(client, election, logger);
            await elector.RunAsync(async leading =>
            {
                using var scheduler = new PodScheduler(client, options, logger);
                await scheduler.RunAsync(leading);
            }, () => { }, cancellationToken);
            if (!cancellationToken.IsCancellationRequested) await Task.Delay(TimeSpan.FromSeconds(1), options.TimeProvider, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
