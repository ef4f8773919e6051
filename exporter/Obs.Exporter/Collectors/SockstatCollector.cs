using System.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>node_sockstat_*</c> gauges from /proc/net/sockstat and /proc/net/sockstat6:
/// <c>node_sockstat_sockets_used</c>, and <c>node_sockstat_&lt;PROTOCOL&gt;_&lt;state&gt;</c> for each count
/// ("TCP: inuse 4 orphan 0 tw 1 alloc 4 mem 206"), with <c>_mem_bytes</c> beside each <c>_mem</c> (pages
/// times the page size). Either file may be missing (no IPv6); its families are then absent.
/// </summary>
public sealed class SockstatCollector(NodePaths paths) : IMetricsCollector
{
    private static readonly long PageSize = Environment.SystemPageSize;

    private readonly ProcFile v4 = new(paths.ProcFile("net/sockstat"), 4096, FileEnd.ShortSeqFileRead);
    private readonly ProcFile v6 = new(paths.ProcFile("net/sockstat6"), 4096, FileEnd.ShortSeqFileRead);
    // Keyed by "PROTOCOL_state", numbered across both files in the order they are read.
    private readonly FieldNames<Field> fields = new(FieldOf);

    public void Collect(MetricsWriter writer)
    {
        var index = 0;
        if (v4.TryRead(out var text))
        {
            Write(text, writer, ref index);
        }
        if (v6.TryRead(out text))
        {
            Write(text, writer, ref index);
        }
    }

    /// <summary>One sockstat file's families; <paramref name="index"/> numbers the counts for the name cache.</summary>
    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer, ref int index)
    {
        Span<byte> key = stackalloc byte[128];
        while (ProcText.NextLine(ref text, out var line))
        {
            var protocol = ProcText.NextField(ref line);
            if (protocol.Length < 2 || protocol[^1] != (byte)':')
            {
                continue;
            }
            protocol = protocol[..^1];
            while (true)
            {
                var state = ProcText.NextField(ref line);
                var value = ProcText.NextField(ref line);
                if (value.IsEmpty || protocol.Length + 1 + state.Length > key.Length)
                {
                    break;
                }
                protocol.CopyTo(key);
                key[protocol.Length] = (byte)'_';
                state.CopyTo(key[(protocol.Length + 1)..]);
                var field = fields.Get(index++, key[..(protocol.Length + 1 + state.Length)]);
                var count = ProcText.ParseDouble(value);
                writer.WriteHeader(field.Name, MetricFamilyType.Gauge, field.Help);
                writer.WriteSample(field.Name, count);
                if (field.BytesName is not null)
                {
                    writer.WriteHeader(field.BytesName, MetricFamilyType.Gauge, field.BytesHelp);
                    writer.WriteSample(field.BytesName, count * PageSize);
                }
            }
        }
    }

    private static Field FieldOf(ReadOnlySpan<byte> key)
    {
        var text = Encoding.ASCII.GetString(key);
        var split = text.LastIndexOf('_');
        var (protocol, state) = (text[..split], text[(split + 1)..]);
        var name = "node_sockstat_" + text;
        if (text == "sockets_used")
        {
            return new Field(name, "Number of IPv4 sockets in use.", null, null);
        }
        var help = $"Number of {protocol} sockets in state {state}.";
        // The kernel counts socket buffer memory in pages; node_exporter adds the figure in bytes.
        return state == "mem"
            ? new Field(name, help, name + "_bytes", $"Number of {protocol} sockets in state mem_bytes.")
            : new Field(name, help, null, null);
    }

    private sealed record Field(string Name, string Help, string? BytesName, string? BytesHelp);
}
