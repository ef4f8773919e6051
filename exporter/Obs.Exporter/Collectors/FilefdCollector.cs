using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary><c>node_filefd_allocated</c> and <c>node_filefd_maximum</c> from /proc/sys/fs/file-nr.</summary>
public sealed class FilefdCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile file = new(paths.ProcFile("sys/fs/file-nr"), 128, FileEnd.ShortRead);

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    /// <summary>file-nr is "allocated unused maximum"; the middle value is always 0 on current kernels.</summary>
    public static void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var allocated = ProcText.ParseUInt64(ProcText.NextField(ref text));
        ProcText.NextField(ref text);
        var maximum = ProcText.ParseUInt64(ProcText.NextField(ref text));
        writer.WriteHeader("node_filefd_allocated", MetricFamilyType.Gauge, "File descriptor statistics: allocated.");
        writer.WriteSample("node_filefd_allocated", (double)allocated);
        writer.WriteHeader("node_filefd_maximum", MetricFamilyType.Gauge, "File descriptor statistics: maximum.");
        writer.WriteSample("node_filefd_maximum", (double)maximum);
    }
}
