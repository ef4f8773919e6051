using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Compression;

namespace Obs.ApiServer.Tests.Compression;

/// <summary>What the threshold stream hands the response: the writes themselves, which a test of the whole server cannot see.</summary>
public sealed class GzipThresholdStreamTests
{
    /// <summary>Exposition-like lines with varied values, so they compress to well over a megabyte.</summary>
    private static byte[] Scrape(int lines)
    {
        var random = new Random(6);
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
            text.Append(CultureInfo.InvariantCulture, $"kube_pod_info{{namespace=\"bench\",pod=\"bench-{i:D6}\",uid=\"{random.Next():x8}-{random.Next():x8}\"}} {random.NextDouble()}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static async Task<(RecordingStream Response, HttpResponse Headers)> SendAsync(byte[] body, int piece)
    {
        var response = new RecordingStream();
        var http = new DefaultHttpContext().Response;
        await using var stream = new GzipThresholdStream(response, http, ResponseCompression.ThresholdBytes);
        for (var offset = 0; offset < body.Length; offset += piece)
            await stream.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset)));
        await stream.FinishAsync(CancellationToken.None);
        return (response, http);
    }

    [Fact]
    public async Task ALargeBodyReachesTheResponseInFewLargeWritesAndDecodesToTheSameBytes()
    {
        var body = Scrape(60_000);
        // As the pipe over it hands on a streamed scrape: some hundreds of KiB per flush.
        var (response, headers) = await SendAsync(body, 256 * 1024);

        Assert.Equal("gzip", headers.Headers.ContentEncoding.ToString());
        Assert.Null(headers.ContentLength);
        var wire = response.ToArray();
        Assert.True(wire.Length > 8 * GzipThresholdStream.ResponseChunkBytes, $"{wire.Length} bytes compressed");
        await using (var unzip = new GZipStream(new MemoryStream(wire), CompressionMode.Decompress))
        using (var decoded = new MemoryStream())
        {
            await unzip.CopyToAsync(decoded);
            Assert.True(decoded.ToArray().AsSpan().SequenceEqual(body));
        }
        // Every write but the last is a whole chunk: the compressor's own 8 KiB pieces were each a flush of the response.
        Assert.All(response.Writes.SkipLast(1), size => Assert.Equal(GzipThresholdStream.ResponseChunkBytes, size));
        Assert.True(response.Writes.Count <= wire.Length / GzipThresholdStream.ResponseChunkBytes + 1, $"{response.Writes.Count} writes for {wire.Length} bytes");
    }

    [Fact]
    public async Task ABodyUnderTheThresholdIsSentAsItIsInOneWrite()
    {
        var body = Scrape(500);
        var (response, headers) = await SendAsync(body, 4096);

        Assert.Equal(0, headers.Headers.ContentEncoding.Count);
        Assert.Equal(body.Length, headers.ContentLength);
        Assert.Equal(body.Length, Assert.Single(response.Writes));
        Assert.True(response.ToArray().AsSpan().SequenceEqual(body));
    }

    /// <summary>The response body as the stream sees it: its bytes, and the size of each write it was handed.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes.Add(buffer.Length);
            // MemoryStream's span overload of a derived type comes back through the array one.
            base.Write(buffer.ToArray(), 0, buffer.Length);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }
    }
}
