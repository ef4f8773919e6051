using System.Buffers;
using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// Renders one object's lines for every family of its kind into one compact array, kept until the
/// object changes. The layout, which <see cref="RenderedLines"/> reads back:
/// <list type="bullet">
/// <item>the identity labels, escaped and comma-separated without braces (<c>namespace="a",pod="b",uid="c"</c>), then <c>\n</c>;</item>
/// <item>per family, in order: each line's own labels as a label set and its value (<c>{phase="Running"} 1</c>, or
/// <c> 1</c> without labels of its own), each ending in <c>\n</c>; then an empty line ending the family's part.</item>
/// </list>
/// Neither the family name nor the identity is repeated per line, so an object costs about a third of its
/// text. Values are written in the renderer's format, OpenMetrics unless the kind's labels depend on the format
/// (<see cref="ObjectKind.LabelsDependOnFormat"/>): the text format differs from it only in dropping the <c>.0</c>
/// of whole floats, which a line's end shows. Label values never hold a raw newline (it is escaped).
/// </summary>
internal sealed class ObjectLines
{
    private const byte LineEnd = (byte)'\n';

    private readonly ArrayBufferWriter<byte> buffer = new(4096);
    private readonly MetricsWriter writer;

    public ObjectLines(ExpositionFormat format = ExpositionFormat.OpenMetrics)
    {
        writer = new MetricsWriter(buffer, format);
    }

    /// <summary>Resource quantities (<c>100m</c>, <c>128Mi</c>) as pod and node families read them, each distinct string parsed once.</summary>
    public ResourceQuantities Quantities { get; } = new();

    /// <summary>Begins one line of the family being rendered: its own labels (after the identity's), then its value.</summary>
    // A sample without a name: the scrape writes the family name and the identity in front of it.
    public SampleWriter Add() => writer.BeginSuffixedSample("", "");

    public byte[] Render(JsonElement obj, ObjectKind kind)
    {
        buffer.ResetWrittenCount();
        try
        {
            // Rendered as a line of its own ("{labels} 0\n") by the same label writer, then cut to the labels.
            kind.Identity(Add(), obj).Value(0L);
            var identityLine = buffer.WrittenCount;
            foreach (var family in kind.Families)
            {
                family.Lines(obj, this);
                buffer.GetSpan(1)[0] = LineEnd;
                buffer.Advance(1);
            }

            var written = buffer.WrittenSpan;
            var labels = written[1..(identityLine - "} 0\n".Length)];
            var rendered = new byte[labels.Length + 1 + written.Length - identityLine];
            labels.CopyTo(rendered);
            rendered[labels.Length] = LineEnd;
            written[identityLine..].CopyTo(rendered.AsSpan(labels.Length + 1));
            return rendered;
        }
        catch
        {
            // A family that threw may have left its line open; the next object starts clean.
            writer.AbandonFamily();
            throw;
        }
    }
}
