using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ApiServer.Http;
using Obs.Forwarding;

namespace Obs.ApiServer.Proxy;

/// <summary>
/// Sends one request on to its target and its answer back, both bodies streamed as they come (no size limit:
/// the target, not the apiserver, decides what it takes). Headers go as the shared forwarding rules say
/// (<see cref="RequestHeaderCopy"/>, <see cref="ResponseHeaderCopy"/>) with the <c>X-Forwarded-*</c> headers
/// kube-apiserver's proxy sends (<see cref="ProxyForwardedHeaders"/>); redirects into the target are
/// rewritten under the proxy prefix (<see cref="LocationRewrite"/>).
/// </summary>
internal static class HttpForwarder
{
    // Expect is the forwarder's own business (Kestrel has already answered the client's 100-continue), and
    // X-Forwarded-Uri is the apiserver's to say.
    private static readonly Func<string, bool> NotToAgents = name =>
        name.Equals("Expect", StringComparison.OrdinalIgnoreCase) || name.Equals(ProxyForwardedHeaders.UriName, StringComparison.OrdinalIgnoreCase);
    private static readonly Func<string, bool> NotToPods = name => NotToAgents(name) || name.Equals("Authorization", StringComparison.OrdinalIgnoreCase);

    /// <param name="target">Where to send it: scheme, authority, the target's path and the query.</param>
    /// <param name="host">The Host header the target is sent (the address it is reached at).</param>
    /// <param name="path">The proxy prefix and the target's path, for <c>X-Forwarded-Uri</c> and redirects.</param>
    /// <param name="keepAuthorization">
    /// Whether the caller's credentials go along: to a node agent, which checks them itself, yes; to anything
    /// else never, as kube-apiserver drops them once it has authenticated the caller.
    /// </param>
    /// <param name="prepare">Sets what the client needs on the request (how to reach the target).</param>
    /// <param name="failed">The Status for a target that could not be reached.</param>
    public static async Task ForwardAsync(HttpContext context, HttpClient client, Uri target, string host, ProxyRequestPath path, bool keepAuthorization,
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
            request.Content = StreamingRequestContent.For(context.Request.Body, context.Request.ContentLength, context.RequestAborted);
        }
        RequestHeaderCopy.CopyTo(context.Request.Headers, request, keepAuthorization ? NotToAgents : NotToPods);
        request.Headers.Host = host;
        foreach (var (name, value) in ProxyForwardedHeaders.For(context.Request, path)) request.Headers.TryAddWithoutValidation(name, value);

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
            ResponseHeaderCopy.CopyTo(response, context.Response.Headers);
            var location = context.Response.Headers.Location;
            if (location.Count > 0)
            {
                string[] reachedAt = [target.Authority, host];
                context.Response.Headers.Location = location.Select(v => LocationRewrite.Rewrite(v ?? "", path.Prefix, reachedAt)).ToArray();
            }
            await CopyBodyAsync(context, response);
        }
    }

    private static async Task CopyBodyAsync(HttpContext context, HttpResponseMessage response)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            // The head goes out once the target makes us wait, so a stream it writes as it goes (events, logs)
            // reaches the client as it goes; Kestrel sends every write at once, so no flush after each.
            await StreamCopy.CopyAsync(body, context.Response.Body, context.RequestAborted, beforeFirstWait: context.Response.Body.FlushAsync, flush: false);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // The head may be gone already, so no Status can follow: the client sees the body cut short.
            context.Abort();
        }
    }
}
