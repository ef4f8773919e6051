using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_entropy_available_bits</c> and <c>node_entropy_pool_size_bits</c> from /proc/sys/kernel/random/entropy_avail
/// and poolsize (both 256 on kernels since 5.18, whose pool no longer runs dry).
/// </summary>
public sealed class EntropyCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile available = new(paths.ProcFile("sys/kernel/random/entropy_avail"), 64, FileEnd.ShortRead);
    private readonly ProcFile poolSize = new(paths.ProcFile("sys/kernel/random/poolsize"), 64, FileEnd.ShortRead);

    public void Collect(MetricsWriter writer) => Write(available.Read(), poolSize.Read(), writer);

    public static void Write(ReadOnlySpan<byte> available, ReadOnlySpan<byte> poolSize, MetricsWriter writer)
    {
        var bits = ProcText.ParseSingleUInt64(available);
        var size = ProcText.ParseSingleUInt64(poolSize);
        writer.WriteHeader("node_entropy_available_bits", MetricFamilyType.Gauge, "Bits of available entropy.");
        writer.WriteSample("node_entropy_available_bits", (double)bits);
        writer.WriteHeader("node_entropy_pool_size_bits", MetricFamilyType.Gauge, "Bits of entropy pool.");
        writer.WriteSample("node_entropy_pool_size_bits", (double)size);
    }
}
