using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// Sends one request on to its target and its answer back, both bodies streamed as they come (no size limit:
/// the target, not the apiserver, decides what it takes). Hop-by-hop headers (RFC 9110 §7.6.1, and whatever
/// the Connection header names) stay on their own hop; redirects into the target are rewritten under the
/// proxy prefix (<see cref="LocationRewrite"/>).
/// </summary>
internal static class HttpForwarder
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        // Not hop-by-hop, but the forwarder's own to set: the target's address and the client's expectation of a 100.
        "Host", "Expect",
    };

    /// <param name="target">Where to send it: scheme, authority, the target's path and the query.</param>
    /// <param name="host">The Host header the target is sent (the address it is reached at).</param>
    /// <param name="keepAuthorization">
    /// Whether the caller's credentials go along: to a node agent, which checks them itself, yes; to a pod
    /// never, as kube-apiserver drops them once it has authenticated the caller.
    /// </param>
    /// <param name="prepare">Sets what the client needs on the request (how to reach the target).</param>
    /// <param name="failed">The Status for a target that could not be reached.</param>
    public static async Task ForwardAsync(HttpContext context, HttpClient client, Uri target, string host, string prefix, bool keepAuthorization,
        Action<HttpRequestMessage> prepare, Func<HttpRequestException, ApiException> failed)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        prepare(request);
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            request.Content = new StreamContent(context.Request.Body);
        }
        var named = ConnectionNamed(context.Request.Headers.Connection);
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.StartsWith(':') || HopByHop.Contains(name) || named.Contains(name)) continue;
            if (!keepAuthorization && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
        request.Headers.Host = host;

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            throw failed(e);
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            var responseNamed = ConnectionNamed(response.Headers.Connection);
            var reachedAt = new[] { target.Authority, host };
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (HopByHop.Contains(name) || responseNamed.Contains(name)) continue;
                context.Response.Headers[name] = name.Equals("Location", StringComparison.OrdinalIgnoreCase)
                    ? values.Select(v => LocationRewrite.Rewrite(v, prefix, reachedAt)).ToArray()
                    : values.ToArray();
            }
            await CopyBodyAsync(context, response);
        }
    }

    private static async Task CopyBodyAsync(HttpContext context, HttpResponseMessage response)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            int read;
            // Flushed per read: a stream the target writes as it goes (events, logs) reaches the client as it goes.
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // The head is gone already, so no Status can follow: the client sees the body cut short.
            context.Abort();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static HashSet<string> ConnectionNamed(IEnumerable<string?> connection) =>
        new(connection.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)), StringComparer.OrdinalIgnoreCase);
}
