namespace Obs.Client.Rest;

/// <summary>The buffer of a reader that parses a stream as it arrives (watch frames, LIST items).</summary>
internal static class ReadBuffer
{
    /// <summary>
    /// Makes room after buffer[start..end], the bytes read and not yet parsed, when they reach the buffer's end: moves
    /// them to its front, or doubles the buffer when they fill it (one value larger than the buffer).
    /// </summary>
    public static void MakeRoom(ref byte[] buffer, ref int start, ref int end)
    {
        if (end < buffer.Length) return;
        if (start == 0)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
            return;
        }
        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
    }
}
