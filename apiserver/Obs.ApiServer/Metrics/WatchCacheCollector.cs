using Obs.ApiServer.Cache;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.ApiServer.Metrics;

/// <summary>The watch cache's state at scrape time: its revision, whether it is loaded, and its open watches.</summary>
public sealed class WatchCacheCollector(WatchCache cache) : IMetricsCollector
{
    public void Collect(MetricsWriter writer)
    {
        writer.WriteHeader("obs_watch_cache_revision", MetricFamilyType.Gauge, "The revision every change up to which this apiserver's watch cache has applied.");
        writer.WriteSample("obs_watch_cache_revision", cache.Revision);
        writer.WriteHeader("obs_watch_cache_ready", MetricFamilyType.Gauge, "1 once the watch cache has loaded and serves requests.");
        writer.WriteSample("obs_watch_cache_ready", cache.IsReady ? 1L : 0L);
        writer.WriteHeader("obs_watch_cache_watchers", MetricFamilyType.Gauge, "Watches open on this apiserver's watch cache.");
        writer.WriteSample("obs_watch_cache_watchers", (long)cache.WatcherCount);
    }
}
