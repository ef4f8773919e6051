using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Compression;

/// <summary>
/// Gzip for large responses, as kube-apiserver does it: when the client accepts gzip (kubectl and
/// client-go do), a body over 128 KiB is compressed and a smaller one is sent as it is, where
/// compressing costs more than it saves. Watches and streaming subresources are never held back.
/// </summary>
public static class ResponseCompression
{
    /// <summary>kube-apiserver's threshold (<c>defaultGzipThresholdBytes</c>).</summary>
    public const int ThresholdBytes = 128 * 1024;

    public static bool Applies(HttpContext context, RequestInfo? info) =>
        !LongRunningRequest.Is(info) && AcceptsGzip(context.Request.Headers.AcceptEncoding.ToString());

    /// <summary>Whether an Accept-Encoding header offers gzip (a quality of 0 refuses it).</summary>
    public static bool AcceptsGzip(string acceptEncoding)
    {
        if (acceptEncoding.Length == 0 || !StringWithQualityHeaderValue.TryParseList([acceptEncoding], out var codings)) return false;
        return codings.Any(c => c.Value.Equals("gzip", StringComparison.OrdinalIgnoreCase) && c.Quality is not 0);
    }

    /// <summary>
    /// Runs <paramref name="handler"/> with a response body that decides on compression. When the
    /// handler fails before anything was sent, what it wrote is dropped, so the caller can still
    /// answer with a Status.
    /// </summary>
    public static async Task RunAsync(HttpContext context, Func<Task> handler)
    {
        var prior = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        await using var body = new GzipThresholdStream(prior.Stream, context.Response, ThresholdBytes);
        var feature = new StreamResponseBodyFeature(body, prior);
        context.Features.Set<IHttpResponseBodyFeature>(feature);
        try
        {
            await handler();
            await feature.CompleteAsync();
            await body.FinishAsync(context.RequestAborted);
        }
        finally
        {
            context.Features.Set(prior);
        }
    }
}
