using System.Buffers.Binary;
using System.Text;

namespace Obs.ApiServer.Spdy;

/// <summary>
/// The name/value header block of SYN_STREAM, SYN_REPLY and HEADERS (section 2.6.10), before
/// compression: a 32-bit count, then each name and value after its 32-bit length. Names are
/// lower case and never empty; a header with several values joins them with NUL.
/// </summary>
internal static class SpdyHeaderBlock
{
    public static byte[] Encode(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var size = 4 + headers.Sum(h => 8 + Encoding.UTF8.GetByteCount(h.Key) + Encoding.UTF8.GetByteCount(h.Value));
        var block = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(block, headers.Count);
        var at = 4;
        foreach (var (name, value) in headers)
        {
            at = Put(block, at, name.ToLowerInvariant());
            at = Put(block, at, value);
        }
        return block;
    }

    /// <summary>The headers of a decompressed block; <see cref="InvalidDataException"/> when the block is malformed.</summary>
    public static Dictionary<string, string> Decode(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var count = ReadLength(block, 0, "the header count");
        var at = 4;
        for (var i = 0; i < count; i++)
        {
            var name = ReadString(block, ref at, "a header name");
            if (name.Length == 0) throw new InvalidDataException("a header name is empty");
            var value = ReadString(block, ref at, $"the value of header {name}");
            if (!headers.TryAdd(name, value)) throw new InvalidDataException($"header {name} appears twice");
        }
        return headers;
    }

    private static int Put(byte[] block, int at, string text)
    {
        var length = Encoding.UTF8.GetBytes(text, block.AsSpan(at + 4));
        BinaryPrimitives.WriteInt32BigEndian(block.AsSpan(at), length);
        return at + 4 + length;
    }

    private static int ReadLength(ReadOnlySpan<byte> block, int at, string what)
    {
        if (block.Length - at < 4) throw new InvalidDataException($"the header block ends before {what}");
        var length = BinaryPrimitives.ReadInt32BigEndian(block[at..]);
        if (length < 0 || length > block.Length) throw new InvalidDataException($"{what} has an impossible length {length}");
        return length;
    }

    private static string ReadString(ReadOnlySpan<byte> block, ref int at, string what)
    {
        var length = ReadLength(block, at, what);
        at += 4;
        if (block.Length - at < length) throw new InvalidDataException($"the header block ends inside {what}");
        var text = Encoding.UTF8.GetString(block.Slice(at, length));
        at += length;
        return text;
    }
}
