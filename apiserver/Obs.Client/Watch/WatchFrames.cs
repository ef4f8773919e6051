using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Obs.Client.Rest;

namespace Obs.Client.Watch;

/// <summary>
/// The frames of a watch stream, one JSON object a line, parsed from the UTF-8 bytes as they arrive. Read as strings,
/// every event cost twice its size in UTF-16 text and a transcoding back to UTF-8 for the parser; an informer of 50,000
/// pods reads that many events before it is synced.
/// </summary>
internal static class WatchFrames
{
    private const int InitialBufferBytes = 16 * 1024;

    // A buffer grown for a large object goes back to the initial size once it is empty again, so that one huge object
    // does not hold its size for the watch's life.
    private const int KeptBufferBytes = 256 * 1024;

    public static async IAsyncEnumerable<JsonObject> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[InitialBufferBytes];
        // The bytes read and not yet parsed (the start of a line) are buffer[start..end].
        var start = 0;
        var end = 0;
        var frames = new List<JsonObject>();
        while (true)
        {
            ReadBuffer.MakeRoom(ref buffer, ref start, ref end);
            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                // The last line may end without a newline.
                Parse(buffer.AsSpan(start, end - start), frames);
                foreach (var frame in frames) yield return frame;
                yield break;
            }
            var scanFrom = end;
            end += read;
            start = ParseLines(buffer, start, scanFrom, end, frames);
            if (start == end)
            {
                start = end = 0;
                if (buffer.Length > KeptBufferBytes) buffer = new byte[InitialBufferBytes];
            }
            foreach (var frame in frames) yield return frame;
            frames.Clear();
        }
    }

    /// <summary>Parses every whole line of buffer[start..end] (the newlines are at or after <paramref name="scanFrom"/>); returns where the rest starts.</summary>
    private static int ParseLines(byte[] buffer, int start, int scanFrom, int end, List<JsonObject> frames)
    {
        int newline;
        while ((newline = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n')) >= 0)
        {
            var lineEnd = scanFrom + newline;
            Parse(buffer.AsSpan(start, lineEnd - start), frames);
            start = scanFrom = lineEnd + 1;
        }
        return start;
    }

    private static void Parse(ReadOnlySpan<byte> line, List<JsonObject> frames)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty) return;
        frames.Add(JsonNode.Parse(line) as JsonObject ?? throw new InvalidDataException("a watch line is not a JSON object"));
    }
}
