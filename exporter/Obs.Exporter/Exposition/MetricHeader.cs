using System.Buffers;

namespace Obs.Exporter.Exposition;

/// <summary>
/// A family's metadata lines (<c># HELP</c>, <c># TYPE</c>, and <c># UNIT</c> in OpenMetrics) encoded once in both
/// formats, for collectors that write the same families on every scrape: writing it is one copy, where
/// <see cref="MetricsWriter.WriteHeader(string, MetricFamilyType, string?, string?)"/> checks the name and escapes
/// and encodes the help text each time. The bytes are made by that same method, so they and its checks are the same.
/// </summary>
public sealed class MetricHeader
{
    private readonly byte[] text;
    private readonly byte[] openMetrics;

    /// <exception cref="ArgumentException">The name, type and unit do not go together, as <see cref="MetricsWriter.WriteHeader(string, MetricFamilyType, string?, string?)"/> says.</exception>
    public MetricHeader(string name, MetricFamilyType type, string? help, string? unit = null)
    {
        Name = name;
        Type = type;
        Help = help;
        text = Encode(ExpositionFormat.PrometheusText, name, type, help, unit);
        openMetrics = Encode(ExpositionFormat.OpenMetrics, name, type, help, unit);
    }

    public string Name { get; }

    public MetricFamilyType Type { get; }

    public string? Help { get; }

    internal ReadOnlySpan<byte> For(ExpositionFormat format) => format == ExpositionFormat.OpenMetrics ? openMetrics : text;

    private static byte[] Encode(ExpositionFormat format, string name, MetricFamilyType type, string? help, string? unit)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        new MetricsWriter(buffer, format).WriteHeader(name, type, help, unit);
        return buffer.WrittenSpan.ToArray();
    }
}
