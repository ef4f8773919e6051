using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's per-CPU <c>node_softnet_processed_total</c>, <c>node_softnet_dropped_total</c> and
/// <c>node_softnet_times_squeezed_total</c>, from the first three hexadecimal columns of /proc/net/softnet_stat.
/// The <c>cpu</c> label is the line's position, as node_exporter 1.5 (the one Debian ships) numbers them.
/// </summary>
public sealed class SoftnetCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile file = new(paths.ProcFile("net/softnet_stat"), 4096, FileEnd.ShortSeqFileRead);
    // Per CPU: processed, dropped, times squeezed; kept between scrapes.
    private ulong[] counts = new ulong[3 * 64];

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var cpus = 0;
        while (ProcText.NextLine(ref text, out var line))
        {
            if (ProcText.Trim(line).IsEmpty)
            {
                continue;
            }
            if (counts.Length < 3 * (cpus + 1))
            {
                Array.Resize(ref counts, counts.Length * 2);
            }
            for (var column = 0; column < 3; column++)
            {
                counts[3 * cpus + column] = ProcText.ParseHex(ProcText.NextField(ref line));
            }
            cpus++;
        }
        WriteFamily(writer, cpus, 0, "node_softnet_processed_total", "Number of processed packets");
        WriteFamily(writer, cpus, 1, "node_softnet_dropped_total", "Number of dropped packets");
        WriteFamily(writer, cpus, 2, "node_softnet_times_squeezed_total", "Number of times processing packets ran out of quota");
    }

    private void WriteFamily(MetricsWriter writer, int cpus, int column, string name, string help)
    {
        writer.WriteHeader(name, MetricFamilyType.Counter, help);
        for (var cpu = 0; cpu < cpus; cpu++)
        {
            writer.BeginSample(name).Label("cpu", cpu).Value((double)counts[3 * cpu + column]);
        }
    }
}
