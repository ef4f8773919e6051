using System.Globalization;
using System.Text;

namespace Obs.NodeAgent.Dns;

/// <summary>
/// Domain names between presentation form ("a.b.c", no trailing dot, the root is "") and wire
/// form (length-prefixed labels, RFC 1035 §3.1, with §4.1.4 compression pointers when read).
/// Bytes other than printable ASCII, and "." or "\" inside a label, are written \DDD or \. as dig does.
/// </summary>
public static class DnsName
{
    public const int MaxLength = 255;
    public const int MaxLabelLength = 63;

    /// <summary>The name lower-cased (ASCII only, RFC 4343) without a trailing dot: the key to compare names by.</summary>
    public static string Normalize(string name)
    {
        if (name.EndsWith('.') && !name.EndsWith("\\.", StringComparison.Ordinal)) name = name[..^1];
        return name.ToLowerInvariant();
    }

    /// <summary>The labels of a presentation-form name; throws <see cref="ArgumentException"/> for names that cannot be written.</summary>
    public static List<byte[]> Labels(string name)
    {
        var labels = new List<byte[]>();
        if (name.Length == 0 || name == ".") return labels;
        var current = new List<byte>();
        var wireLength = 1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                AddLabel();
                if (i == name.Length - 1) return Checked();
                continue;
            }
            if (c == '\\')
            {
                if (i + 3 < name.Length && char.IsAsciiDigit(name[i + 1]) && char.IsAsciiDigit(name[i + 2]) && char.IsAsciiDigit(name[i + 3]))
                {
                    var value = int.Parse(name.AsSpan(i + 1, 3), CultureInfo.InvariantCulture);
                    if (value > 255) throw new ArgumentException($"bad escape in {name}");
                    current.Add((byte)value);
                    i += 3;
                    continue;
                }
                if (i + 1 >= name.Length) throw new ArgumentException($"dangling escape in {name}");
                c = name[++i];
            }
            if (c > 0x7F) throw new ArgumentException($"non-ASCII character in {name}");
            current.Add((byte)c);
        }
        AddLabel();
        return Checked();

        void AddLabel()
        {
            if (current.Count == 0 || current.Count > MaxLabelLength) throw new ArgumentException($"bad label length in {name}");
            labels.Add([.. current]);
            wireLength += current.Count + 1;
            current.Clear();
        }

        List<byte[]> Checked() => wireLength <= MaxLength ? labels : throw new ArgumentException($"name too long: {name}");
    }

    /// <summary>Reads a (possibly compressed) name at <paramref name="offset"/>, which moves past it.</summary>
    public static string Read(ReadOnlySpan<byte> message, ref int offset)
    {
        var text = new StringBuilder();
        var position = offset;
        var end = -1;
        var wireLength = 1;
        // Pointers must go strictly backwards, so a chain of them always ends.
        var lowest = offset;
        while (true)
        {
            if (position >= message.Length) throw new DnsFormatException("name runs past the end of the message");
            var length = message[position];
            if (length == 0)
            {
                position++;
                break;
            }
            switch (length & 0xC0)
            {
                case 0xC0:
                    if (position + 1 >= message.Length) throw new DnsFormatException("truncated compression pointer");
                    var target = ((length & 0x3F) << 8) | message[position + 1];
                    if (target >= lowest) throw new DnsFormatException("compression pointer does not point backwards");
                    if (end < 0) end = position + 2;
                    lowest = target;
                    position = target;
                    continue;
                case 0x00:
                    if (position + 1 + length > message.Length) throw new DnsFormatException("label runs past the end of the message");
                    wireLength += length + 1;
                    if (wireLength > MaxLength) throw new DnsFormatException("name longer than 255 bytes");
                    if (text.Length > 0) text.Append('.');
                    AppendLabel(text, message.Slice(position + 1, length));
                    position += 1 + length;
                    continue;
                default:
                    throw new DnsFormatException("unknown label type");
            }
        }
        offset = end >= 0 ? end : position;
        return text.ToString();
    }

    private static void AppendLabel(StringBuilder text, ReadOnlySpan<byte> label)
    {
        foreach (var b in label)
        {
            if (b is (byte)'.' or (byte)'\\') text.Append('\\').Append((char)b);
            else if (b is > 0x20 and < 0x7F) text.Append((char)b);
            else text.Append('\\').Append(b.ToString("D3", CultureInfo.InvariantCulture));
        }
    }
}
