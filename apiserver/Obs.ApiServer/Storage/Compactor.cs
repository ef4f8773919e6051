using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Drops old revisions from the change log, as the Kubernetes apiserver compacts etcd: each run
/// compacts up to the head the previous run saw, so a watch can resume from anything newer than
/// one interval ago. Several apiservers may all run it; compaction only ever moves forward.
/// </summary>
public sealed partial class Compactor(ObjectStore store, WatchCache cache, ApiServerOptions options, ILogger<Compactor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long previousHead = 0;
        using var timer = new PeriodicTimer(options.CompactionInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (previousHead > 0) await store.CompactAsync(previousHead, stoppingToken);
                previousHead = cache.Revision;
            }
            catch (NpgsqlException e)
            {
                LogCompactionFailed(logger, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "compaction failed: {Error}")]
    private static partial void LogCompactionFailed(ILogger logger, string error);
}
