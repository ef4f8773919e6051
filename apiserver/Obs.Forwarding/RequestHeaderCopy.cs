using Microsoft.AspNetCore.Http;

namespace Obs.Forwarding;

/// <summary>
/// Copies the headers of a client's request onto the request a proxy sends on. Left out: pseudo-headers
/// (HTTP/2's <c>:path</c> and the like), <c>Host</c> (the proxy says which host it reaches),
/// <c>Content-Length</c> (the content's own, or chunked), hop-by-hop headers and whatever the client's
/// <c>Connection</c> names, and the <c>X-Forwarded-*</c> ones the proxy rebuilds (<see cref="ForwardedHeaders"/>).
/// <c>TE</c> goes on only as <c>trailers</c>, the value gRPC needs and HTTP/2 allows.
/// </summary>
public static class RequestHeaderCopy
{
    /// <param name="skip">More names the caller keeps to itself (credentials, say); a cached delegate costs nothing per request.</param>
    public static void CopyTo(IHeaderDictionary incoming, HttpRequestMessage request, Func<string, bool>? skip = null)
    {
        var connectionNamed = HopByHopHeaders.NamedIn(incoming.Connection);
        foreach (var (name, values) in incoming)
        {
            if (name.Length == 0 || name[0] == ':') continue;
            if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (string.Equals(name, "TE", StringComparison.OrdinalIgnoreCase))
            {
                if (HopByHopHeaders.IsTrailersOnly(values)) request.Headers.TryAddWithoutValidation("TE", "trailers");
                continue;
            }
            if (HopByHopHeaders.IsHopByHop(name) || connectionNamed?.Contains(name) == true || ForwardedHeaders.IsForwardedHeader(name)) continue;
            if (skip?.Invoke(name) == true) continue;
            // One value (nearly always) goes in as a string: the StringValues boxed as a sequence costs allocations per header.
            if (values.Count == 1)
            {
                if (!request.Headers.TryAddWithoutValidation(name, values[0])) request.Content?.Headers.TryAddWithoutValidation(name, values[0]);
            }
            else if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
    }
}
