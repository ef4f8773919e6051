using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_nf_conntrack_entries</c> and <c>_entries_limit</c> from /proc/sys/net/netfilter, and node_exporter's
/// <c>node_nf_conntrack_stat_*</c> gauges from /proc/net/stat/nf_conntrack (one row of hexadecimal counters per CPU,
/// summed); quietly absent when the nf_conntrack module is not loaded.
/// </summary>
public sealed class ConntrackCollector(NodePaths paths) : IMetricsCollector
{
    /// <summary>node_exporter's statistics, in its (alphabetical) order: the column each is read from, and its help.</summary>
    private static readonly (string Name, byte[] Column, string Help)[] Statistics =
    [
        ("node_nf_conntrack_stat_drop", "drop"u8.ToArray(), "Number of packets dropped due to conntrack failure."),
        ("node_nf_conntrack_stat_early_drop", "early_drop"u8.ToArray(), "Number of dropped conntrack entries to make room for new ones, if maximum table size was reached."),
        ("node_nf_conntrack_stat_found", "found"u8.ToArray(), "Number of searched entries which were successful."),
        ("node_nf_conntrack_stat_ignore", "ignore"u8.ToArray(), "Number of packets seen which are already connected to a conntrack entry."),
        ("node_nf_conntrack_stat_insert", "insert"u8.ToArray(), "Number of entries inserted into the list."),
        ("node_nf_conntrack_stat_insert_failed", "insert_failed"u8.ToArray(), "Number of entries for which list insertion was attempted but failed."),
        ("node_nf_conntrack_stat_invalid", "invalid"u8.ToArray(), "Number of packets seen which can not be tracked."),
        ("node_nf_conntrack_stat_search_restart", "search_restart"u8.ToArray(), "Number of conntrack table lookups which had to be restarted due to hashtable resizes."),
    ];

    private readonly ProcFile count = new(paths.ProcFile("sys/net/netfilter/nf_conntrack_count"), 64, FileEnd.ShortRead);
    private readonly ProcFile max = new(paths.ProcFile("sys/net/netfilter/nf_conntrack_max"), 64, FileEnd.ShortRead);
    private readonly ProcFile stat = new(paths.ProcFile("net/stat/nf_conntrack"), 4096, FileEnd.ShortSeqFileRead);
    // Per statistic: its column in this kernel's header (-1 when absent) and the sum over the CPUs; kept between scrapes.
    private readonly int[] columns = new int[Statistics.Length];
    private readonly ulong[] sums = new ulong[Statistics.Length];

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
        if (stat.TryRead(out var statistics))
        {
            WriteStatistics(statistics, writer);
        }
    }

    private void WriteStatistics(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        if (!ProcText.NextLine(ref text, out var header))
        {
            return;
        }
        // Columns are found by name: kernels before 5.10 named two other columns differently (searched, delete_list).
        Array.Fill(columns, -1);
        for (var column = 0; ProcText.NextField(ref header) is { IsEmpty: false } name; column++)
        {
            for (var i = 0; i < Statistics.Length; i++)
            {
                if (name.SequenceEqual(Statistics[i].Column))
                {
                    columns[i] = column;
                }
            }
        }
        Array.Clear(sums);
        while (ProcText.NextLine(ref text, out var row))
        {
            for (var column = 0; ProcText.NextField(ref row) is { IsEmpty: false } field; column++)
            {
                var statistic = Array.IndexOf(columns, column);
                if (statistic >= 0)
                {
                    sums[statistic] += ProcText.ParseHex(field);
                }
            }
        }
        for (var i = 0; i < Statistics.Length; i++)
        {
            if (columns[i] >= 0)
            {
                writer.WriteHeader(Statistics[i].Name, MetricFamilyType.Gauge, Statistics[i].Help);
                writer.WriteSample(Statistics[i].Name, (double)sums[i]);
            }
        }
    }
}
