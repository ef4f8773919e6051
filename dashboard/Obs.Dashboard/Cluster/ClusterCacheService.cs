using Microsoft.Extensions.Hosting;

namespace Obs.Dashboard.Cluster;

/// <summary>Runs the cluster cache's informers for the life of the dashboard.</summary>
internal sealed class ClusterCacheService(ClusterCache cache) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        cache.Start(stoppingToken);
        return Task.CompletedTask;
    }
}
