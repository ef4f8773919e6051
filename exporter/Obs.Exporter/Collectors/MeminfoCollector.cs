using System.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// One gauge per /proc/meminfo line, named as node_exporter names them: <c>node_memory_&lt;Field&gt;_bytes</c>
/// for kB values (times 1024), <c>node_memory_&lt;Field&gt;</c> for plain counts such as <c>HugePages_Total</c>,
/// with parentheses turned into underscores (<c>Active(anon)</c> → <c>Active_anon</c>). A key ending in
/// <c>_total</c> would be a counter, as in node_exporter; Linux has none today.
/// </summary>
public sealed class MeminfoCollector(NodePaths paths) : IMetricsCollector
{
    private readonly ProcFile file = new(paths.ProcFile("meminfo"), 8192, FileEnd.ShortSeqFileRead);
    private readonly FieldNames<Names> names = new(Derive);

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var index = 0;
        while (ProcText.NextLine(ref text, out var line))
        {
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }
            var key = line[..colon];
            var rest = line[(colon + 1)..];
            var value = (double)ProcText.ParseUInt64(ProcText.NextField(ref rest));
            var unit = ProcText.NextField(ref rest);
            var known = names.Get(index++, key);
            var kilobytes = unit.SequenceEqual("kB"u8);
            var (name, help) = kilobytes ? (known.Bytes, known.BytesHelp) : (known.Plain, known.PlainHelp);
            if (kilobytes)
            {
                value *= 1024;
            }
            var type = name.EndsWith("_total", StringComparison.Ordinal) ? MetricFamilyType.Counter : MetricFamilyType.Gauge;
            writer.WriteHeader(name, type, help);
            writer.WriteSample(name, value);
        }
    }

    // node_exporter's help repeats the name without its prefix.
    private static Names Derive(ReadOnlySpan<byte> key)
    {
        var field = Encoding.ASCII.GetString(key).Replace('(', '_').Replace(")", "", StringComparison.Ordinal);
        return new Names("node_memory_" + field + "_bytes", "Memory information field " + field + "_bytes.",
            "node_memory_" + field, "Memory information field " + field + ".");
    }

    private sealed record Names(string Bytes, string BytesHelp, string Plain, string PlainHelp);
}
