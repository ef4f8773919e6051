using System.Buffers;
using System.IO.Compression;
using System.Text;
using Obs.Exporter.Telemetry;

namespace Obs.NodeAgent.Api;

/// <summary>One scrape answered on the agent API: the exposition format the Accept header asks for, gzipped when Prometheus offers it.</summary>
internal static class MetricsResponse
{
    public static async Task WriteAsync(Stream stream, MetricsRegistry registry, string? accept, string? acceptEncoding)
    {
        var body = new ArrayBufferWriter<byte>(64 * 1024);
        var contentType = registry.WriteTo(body, accept);
        ReadOnlyMemory<byte> payload = body.WrittenMemory;
        var gzip = acceptEncoding is not null && acceptEncoding.Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip)
        {
            using var compressed = new MemoryStream();
            await using (var zip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                await zip.WriteAsync(payload);
            payload = compressed.ToArray();
        }
        var head = new StringBuilder()
            .Append("HTTP/1.1 200 OK\r\nContent-Type: ").Append(contentType)
            .Append("\r\nContent-Length: ").Append(payload.Length)
            .Append(gzip ? "\r\nContent-Encoding: gzip" : "")
            .Append("\r\nConnection: close\r\n\r\n").ToString();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(payload);
        await stream.FlushAsync();
    }
}
