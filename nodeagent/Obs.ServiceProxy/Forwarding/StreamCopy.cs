using System.Buffers;

namespace Obs.ServiceProxy.Forwarding;

/// <summary>Copies one stream to another, flushing after every read so nothing waits in a buffer.</summary>
internal static class StreamCopy
{
    private const int BufferSize = 64 * 1024;

    /// <param name="copied">Told the size of each chunk as it passes (for byte counters).</param>
    /// <returns>Bytes copied.</returns>
    public static async Task<long> CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken, Action<int>? copied = null)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(), cancellationToken);
                if (read == 0) break;
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await destination.FlushAsync(cancellationToken);
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
