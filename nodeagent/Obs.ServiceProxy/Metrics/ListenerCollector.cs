using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.ServiceProxy.Metrics;

/// <summary>
/// <c>obs_proxy_listeners{protocol}</c> (addresses being served) and <c>obs_proxy_listener_bind_failures</c>
/// (addresses wanted but not bound, e.g. a node port someone else holds): state, written at scrape from the
/// counts of the last apply.
/// </summary>
internal sealed class ListenerCollector : IMetricsCollector
{
    private static readonly string[] Protocols = ["http", "h2c", "tcp", "udp"];

    private volatile Counts _counts = new(new long[Protocols.Length], 0);

    public void Update(IEnumerable<Configuration.ProxyProtocol> running, int failed)
    {
        var byProtocol = new long[Protocols.Length];
        foreach (var protocol in running) byProtocol[(int)protocol]++;
        _counts = new Counts(byProtocol, failed);
    }

    public void Collect(MetricsWriter writer)
    {
        var counts = _counts;
        writer.WriteHeader("obs_proxy_listeners", MetricFamilyType.Gauge, "Addresses the service proxy listens on, by protocol.");
        for (var i = 0; i < Protocols.Length; i++) writer.BeginSample("obs_proxy_listeners").Label("protocol", Protocols[i]).Value(counts.ByProtocol[i]);
        writer.WriteHeader("obs_proxy_listener_bind_failures", MetricFamilyType.Gauge, "Service addresses the service proxy could not bind and is retrying.");
        writer.WriteSample("obs_proxy_listener_bind_failures", counts.Failed);
    }

    private sealed record Counts(long[] ByProtocol, long Failed);
}
