using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary><c>node_load1</c>, <c>node_load5</c>, <c>node_load15</c> from /proc/loadavg.</summary>
public sealed class LoadavgCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile file = new(paths.ProcFile("loadavg"), 4096, FileEnd.ShortSeqFileRead);

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public static void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var load1 = ProcText.ParseDouble(ProcText.NextField(ref text));
        var load5 = ProcText.ParseDouble(ProcText.NextField(ref text));
        var load15 = ProcText.ParseDouble(ProcText.NextField(ref text));
        writer.WriteHeader("node_load1", MetricFamilyType.Gauge, "1m load average.");
        writer.WriteSample("node_load1", load1);
        writer.WriteHeader("node_load5", MetricFamilyType.Gauge, "5m load average.");
        writer.WriteSample("node_load5", load5);
        writer.WriteHeader("node_load15", MetricFamilyType.Gauge, "15m load average.");
        writer.WriteSample("node_load15", load15);
    }
}
