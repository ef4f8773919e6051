using System.Buffers;
using System.Runtime.InteropServices;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// The rendered lines (<see cref="ObjectLines"/>) of every object of one kind, kept by object version: a
/// scrape renders the objects that are new or changed since the previous scrape, forgets the ones that
/// are gone, and otherwise only copies bytes. Written family by family, as the exposition lists them:
/// a cursor per object remembers where its next family's part starts.
/// </summary>
internal sealed class RenderedKind(ObjectKind kind)
{
    private readonly Dictionary<object, (byte[] Lines, int Scrape)> byVersion = new(ReferenceEqualityComparer.Instance);
    private readonly List<byte[]> objects = [];
    private int[] identityEnds = [];
    private int[] cursors = [];
    private int scrape;

    public ObjectKind Kind => kind;

    public int Count => objects.Count;

    /// <summary>Takes this scrape's objects, in the source's order, rendering those not seen at their version before.</summary>
    public void Refresh(List<ClusterObject> source, ObjectLines renderer)
    {
        scrape++;
        objects.Clear();
        foreach (var obj in source)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(byVersion, obj.Version, out var seen);
            if (!seen)
            {
                try
                {
                    entry.Lines = renderer.Render(obj.Root, kind);
                }
                catch
                {
                    byVersion.Remove(obj.Version);
                    throw;
                }
            }
            entry.Scrape = scrape;
            objects.Add(entry.Lines);
        }
        // Objects deleted or replaced since the last scrape are let go here.
        if (byVersion.Count > objects.Count)
        {
            foreach (var (version, entry) in byVersion)
            {
                if (entry.Scrape != scrape)
                {
                    byVersion.Remove(version);
                }
            }
        }

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
        for (var i = from; i < to; i++)
        {
            var lines = objects[i];
            var identity = lines.AsSpan(0, identityEnds[i]);
            var at = cursors[i];
            while (lines[at] != (byte)'\n')
            {
                var end = Array.IndexOf(lines, (byte)'\n', at);
                WriteLine(output, family.NameUtf8, identity, lines.AsSpan(at, end - at), openMetrics);
                at = end + 1;
            }
            cursors[i] = at + 1;
        }
    }

    // name{identity,own labels} value — or name{identity} value for a line without labels of its own.
    private static void WriteLine(IBufferWriter<byte> output, ReadOnlySpan<byte> name, ReadOnlySpan<byte> identity, ReadOnlySpan<byte> line,
        bool openMetrics)
    {
        if (!openMetrics && line.EndsWith(".0"u8))
        {
            line = line[..^2]; // the text format writes whole floats without the fraction
        }
        var span = output.GetSpan(name.Length + identity.Length + line.Length + 3);
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
        output.Advance(at);
    }
}
