using System.Buffers;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// The rendered lines (<see cref="ObjectLines"/>) of every object of one kind, kept by object version
/// (<see cref="RenderedVersions{T}"/>): a scrape renders the objects that are new or changed since the
/// previous scrape and otherwise only copies bytes. Written family by family, as the exposition lists them:
/// a cursor per object remembers where its next family's part starts.
/// </summary>
internal sealed class RenderedKind
{
    private readonly RenderedVersions<byte[]> versions;
    private readonly List<byte[]> objects = [];
    private int[] identityEnds = [];
    private int[] cursors = [];

    public RenderedKind(ObjectKind kind, ObjectLines renderer)
    {
        Kind = kind;
        versions = new(obj => renderer.Render(obj, kind));
    }

    public ObjectKind Kind { get; }

    public int Count => objects.Count;

    /// <summary>Takes this scrape's objects, in the source's order, rendering those not seen at their version before.</summary>
    public void Refresh(List<ClusterObject> source)
    {
        versions.Refresh(source, objects);
        if (cursors.Length < objects.Count)
        {
            cursors = new int[objects.Count + objects.Count / 4];
            identityEnds = new int[cursors.Length];
        }
        for (var i = 0; i < objects.Count; i++)
        {
            identityEnds[i] = Array.IndexOf(objects[i], (byte)'\n');
            cursors[i] = identityEnds[i] + 1;
        }
    }

    /// <summary>
    /// Writes the lines of the objects <paramref name="from"/> to <paramref name="to"/> (exclusive) for the next
    /// family of each: families are written in order, each for every object, as <see cref="Refresh"/> left them.
    /// </summary>
    public void WriteFamily(ObjectFamily family, int from, int to, IBufferWriter<byte> output, bool openMetrics)
    {
        // Lines are copied into the output's current block until one does not fit: a scrape writes a million
        // lines, and asking the pipe for memory per line cost more than the copying.
        var name = family.NameUtf8.AsSpan();
        var block = Span<byte>.Empty;
        var used = 0;
        for (var i = from; i < to; i++)
        {
            var lines = objects[i];
            var identity = lines.AsSpan(0, identityEnds[i]);
            var at = cursors[i];
            while (lines[at] != (byte)'\n')
            {
                var end = Array.IndexOf(lines, (byte)'\n', at);
                var line = lines.AsSpan(at, end - at);
                at = end + 1;
                if (!openMetrics && line.EndsWith(".0"u8))
                {
                    line = line[..^2]; // the text format writes whole floats without the fraction
                }
                var length = name.Length + identity.Length + line.Length + 3;
                if (block.Length - used < length)
                {
                    Advance(output, used);
                    block = output.GetSpan(length);
                    used = 0;
                }
                used += WriteLine(block[used..], name, identity, line);
            }
            cursors[i] = at + 1;
        }
        Advance(output, used);
    }

    // Only after a GetSpan: Kestrel's response writer refuses an Advance(0) that follows none.
    private static void Advance(IBufferWriter<byte> output, int written)
    {
        if (written > 0)
        {
            output.Advance(written);
        }
    }

    // name{identity,own labels} value — or name{identity} value for a line without labels of its own.
    private static int WriteLine(Span<byte> span, ReadOnlySpan<byte> name, ReadOnlySpan<byte> identity, ReadOnlySpan<byte> line)
    {
        name.CopyTo(span);
        var at = name.Length;
        span[at++] = (byte)'{';
        identity.CopyTo(span[at..]);
        at += identity.Length;
        if (line[0] == (byte)'{')
        {
            span[at++] = (byte)',';
            line = line[1..];
        }
        else
        {
            span[at++] = (byte)'}';
        }
        line.CopyTo(span[at..]);
        at += line.Length;
        span[at++] = (byte)'\n';
        return at;
    }
}
