using Obs.Dashboard.Cluster;
using Obs.Dashboard.Live;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Dashboard.Monitoring;

/// <summary>
/// The dashboard's own state at scrape time: the live (SSE) streams open to it, which is what its
/// memory grows with, and the objects its informers hold, which is what each page renders from.
/// Read from this host's hub and cache, so several dashboards in one process each report their own.
/// </summary>
public sealed class DashboardCollector(LiveHub hub, ClusterCache cache) : IMetricsCollector
{
    public void Collect(MetricsWriter writer)
    {
        writer.WriteHeader("obs_dashboard_live_streams", MetricFamilyType.Gauge, "Server-sent event streams open to the dashboard (one per open page that follows the cluster).");
        writer.WriteSample("obs_dashboard_live_streams", (long)hub.Subscribers);
        writer.WriteHeader("obs_dashboard_cache_objects", MetricFamilyType.Gauge, "Objects in the dashboard's informer cache, by resource.");
        foreach (var type in ClusterCache.Watched)
            writer.WriteSample("obs_dashboard_cache_objects", [new Label("resource", type.GroupResource)], (long)cache.Informer(type).Store.Count);
        writer.WriteHeader("obs_dashboard_cache_synced", MetricFamilyType.Gauge, "1 once every informer of the dashboard has listed the cluster.");
        writer.WriteSample("obs_dashboard_cache_synced", ClusterCache.Watched.All(t => cache.Informer(t).HasSynced) ? 1L : 0L);
    }
}
