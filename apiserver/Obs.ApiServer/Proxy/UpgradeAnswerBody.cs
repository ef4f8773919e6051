using Microsoft.AspNetCore.Http;
using Obs.Forwarding;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// The body of a target's answer other than 101 to an upgrade request, read off the raw connection and
/// passed on whole, framed as RFC 9112 §6.3 says: none for 1xx, 204, 304 or a HEAD; a chunked body
/// chunk by chunk as it came (trailers too) up to its last chunk; a Content-Length's worth of bytes; or,
/// with neither, everything until the target closes.
/// </summary>
internal static class UpgradeAnswerBody
{
    private const int BufferSize = 16 * 1024;

    public static async Task RelayAsync(HttpContext context, Stream target, int code, IReadOnlyDictionary<string, string> headers)
    {
        var response = context.Response;
        if (code is < 200 or 204 or 304 || HttpMethods.IsHead(context.Request.Method)) return;
        try
        {
            if (headers.TryGetValue("Transfer-Encoding", out var coding) && coding.Split(',')[^1].Trim().Equals("chunked", StringComparison.OrdinalIgnoreCase))
            {
                // Kestrel leaves a body the app frames itself as it is: the chunks go out as the target wrote them.
                response.Headers.TransferEncoding = "chunked";
                await CopyChunkedAsync(target, response.Body, context.RequestAborted);
            }
            else if (headers.TryGetValue("Content-Length", out var text) && long.TryParse(text, out var length) && length >= 0)
            {
                response.ContentLength = length;
                await CopyLengthAsync(target, response.Body, length, context.RequestAborted);
            }
            else
            {
                await StreamCopy.CopyAsync(target, response.Body, context.RequestAborted, flush: false);
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OperationCanceledException)
        {
            // The head is gone (or about to be): only a cut connection says the body is not whole.
            context.Abort();
        }
    }

    private static async Task CopyChunkedAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var scanner = default(ChunkedBodyScanner);
        var buffer = new byte[BufferSize];
        while (!scanner.IsDone)
        {
            var read = await source.ReadAsync(buffer, cancellationToken);
            if (read == 0) throw new IOException("the target closed the connection before the last chunk");
            var body = scanner.Scan(buffer.AsSpan(0, read));
            if (scanner.IsInvalid) throw new InvalidDataException("the target's chunked body is malformed");
            await destination.WriteAsync(buffer.AsMemory(0, body), cancellationToken);
        }
    }

    private static async Task CopyLengthAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(length, BufferSize)];
        for (var left = length; left > 0;)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(left, buffer.Length)), cancellationToken);
            if (read == 0) throw new IOException($"the target closed the connection {left} bytes before the end of its body");
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            left -= read;
        }
    }
}
