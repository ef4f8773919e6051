using System.Buffers;

namespace Obs.Forwarding;

/// <summary>Copies one stream to another, each read sent on at once (flushed) so nothing waits in a buffer.</summary>
public static class StreamCopy
{
    private const int BufferSize = 64 * 1024;

    /// <param name="copied">Told the size of each chunk as it passes (for byte counters).</param>
    /// <param name="beforeFirstWait">Run once, the first time the source has nothing ready, before waiting for it.</param>
    /// <param name="flush">False for a destination whose every write is sent at once anyway (Kestrel's response body), where a flush would be a wasted call.</param>
    /// <returns>Bytes copied.</returns>
    public static async Task<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken, Action<int>? copied = null,
        Func<CancellationToken, Task>? beforeFirstWait = null, bool flush = true)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                var reading = source.ReadAsync(buffer.AsMemory(), cancellationToken);
                if (beforeFirstWait is not null && !reading.IsCompleted)
                {
                    await beforeFirstWait(cancellationToken);
                    beforeFirstWait = null;
                }
                var read = await reading;
                if (read == 0) break;
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (flush) await destination.FlushAsync(cancellationToken);
                total += read;
                copied?.Invoke(read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return total;
    }
}
