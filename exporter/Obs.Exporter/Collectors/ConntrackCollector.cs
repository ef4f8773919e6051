using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_nf_conntrack_entries</c> and <c>_entries_limit</c> from /proc/sys/net/netfilter; quietly absent
/// when the nf_conntrack module is not loaded.
/// </summary>
public sealed class ConntrackCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile count = new(paths.ProcFile("sys/net/netfilter/nf_conntrack_count"), 64, FileEnd.ShortRead);
    private readonly ProcFile max = new(paths.ProcFile("sys/net/netfilter/nf_conntrack_max"), 64, FileEnd.ShortRead);

    public void Collect(MetricsWriter writer)
    {
        if (!count.TryRead(out var entries))
        {
            return;
        }
        writer.WriteHeader("node_nf_conntrack_entries", MetricFamilyType.Gauge, "Number of currently allocated flow entries for connection tracking.");
        writer.WriteSample("node_nf_conntrack_entries", (double)ProcText.ParseSingleUInt64(entries));
        if (max.TryRead(out var limit))
        {
            writer.WriteHeader("node_nf_conntrack_entries_limit", MetricFamilyType.Gauge, "Maximum size of connection tracking table.");
            writer.WriteSample("node_nf_conntrack_entries_limit", (double)ProcText.ParseSingleUInt64(limit));
        }
    }
}
