using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Obs.Forwarding;
using Obs.ServiceProxy.Configuration;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Forwarding;

/// <summary>
/// Forwards one HTTP request to an endpoint of its service through a pooled <see cref="HttpMessageInvoker"/>
/// and streams the answer back: headers minus hop-by-hop ones plus <c>X-Forwarded-*</c>, bodies both ways
/// as they flow, trailers (gRPC), upgrades (WebSocket) as an opaque tunnel after the 101. No ready endpoint
/// answers 503; an endpoint that refuses the connection costs an idempotent bodiless request one retry on
/// another endpoint, anything else 502. Every request lands in the RED histogram.
/// </summary>
internal sealed class HttpForwarder(HttpMessageInvoker client, ProxyMetrics metrics, ILogger logger)
{
    public async Task ForwardAsync(HttpContext context, ServicePortTarget target)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ForwardCoreAsync(context, target);
        }
        finally
        {
            var route = target.Routes?.Match(context.Request.Path.Value);
            metrics.RequestCompleted(target, context.Request.Method, context.Response.StatusCode, route, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task ForwardCoreAsync(HttpContext context, ServicePortTarget target)
    {
        var clientAddress = context.Connection.RemoteIpAddress;
        var endpoint = target.Picker.Pick(clientAddress);
        if (endpoint is null)
        {
            await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, $"no ready endpoints for service {target}\n");
            return;
        }

        var upgradeFeature = context.Features.Get<IHttpUpgradeFeature>();
        // h2c upgrades are between the client and the proxy (which declines them); only the rest (WebSocket) pass through.
        var upgrade = upgradeFeature is { IsUpgradableRequest: true } && context.Request.Headers.Upgrade.Count > 0
            && !string.Equals(context.Request.Headers.Upgrade.ToString(), "h2c", StringComparison.OrdinalIgnoreCase);
        var hasBody = !upgrade && (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? false);
        var retryable = RequestMethods.IsIdempotent(context.Request.Method) && !hasBody;
        var aborted = context.RequestAborted;

        for (var attempt = 0; ; attempt++)
        {
            using var request = CreateRequest(context, endpoint, target.Protocol, upgrade, hasBody);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, aborted);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client went away; nobody reads an answer. 499 is what nginx records for this.
                context.Response.StatusCode = 499;
                return;
            }
            catch (Exception e) when (IsConnectFailure(e) && attempt == 0 && retryable && target.Picker.Pick(clientAddress, endpoint) is { } next && !next.Equals(endpoint))
            {
                ServiceProxyLog.RetryingRequest(logger, target.ToString(), endpoint.ToString(), next.ToString(), e.Message);
                endpoint = next;
                continue;
            }
            catch (Exception e)
            {
                ServiceProxyLog.BackendFailed(logger, target.ToString(), endpoint.ToString(), e);
                if (!context.Response.HasStarted)
                {
                    await WriteErrorAsync(context, StatusCodes.Status502BadGateway, $"service {target}: endpoint {endpoint} failed: {e.Message}\n");
                }
                return;
            }

            using (response)
            {
                if (upgrade && response.StatusCode == HttpStatusCode.SwitchingProtocols)
                {
                    await TunnelAsync(context, upgradeFeature!, response, target, endpoint);
                    return;
                }
                await CopyResponseAsync(context, response, target, endpoint);
            }
            return;
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, IPEndPoint endpoint, ProxyProtocol protocol, bool upgrade, bool hasBody)
    {
        var incoming = context.Request;
        var uri = new StringBuilder("http://");
        uri.Append(endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString());
        uri.Append(':').Append(endpoint.Port);
        uri.Append(incoming.PathBase.ToUriComponent()).Append(incoming.Path.ToUriComponent()).Append(incoming.QueryString.ToUriComponent());
        if (incoming.Path.Value is null or "") uri.Append('/');

        var request = new HttpRequestMessage(HttpMethod.Parse(incoming.Method), new Uri(uri.ToString()))
        {
            Version = protocol == ProxyProtocol.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (hasBody) request.Content = StreamingRequestContent.For(incoming.Body, incoming.ContentLength, context.RequestAborted);

        RequestHeaderCopy.CopyTo(incoming.Headers, request);
        if (upgrade)
        {
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", (IEnumerable<string?>)incoming.Headers.Upgrade);
        }

        // Backends see the address the client used, as they would behind a layer-4 kube-proxy.
        if (incoming.Host.HasValue) request.Headers.Host = incoming.Host.Value;
        ForwardedHeaders.Of(incoming).AddTo(request.Headers);
        return request;
    }

    private async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response, ServicePortTarget target, IPEndPoint endpoint)
    {
        var outgoing = context.Response;
        outgoing.StatusCode = (int)response.StatusCode;
        ResponseHeaderCopy.CopyTo(response, outgoing.Headers);

        Stream body;
        try
        {
            body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            // A backend that sends its headers and then waits (a gRPC stream waiting for the client's first message)
            // must not have them held here: they go out once its body makes us wait. One that answers at once costs no extra write.
            // Kestrel sends every write to its response body at once: no flush after each.
            await StreamCopy.CopyAsync(body, outgoing.Body, context.RequestAborted, beforeFirstWait: outgoing.Body.FlushAsync, flush: false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Mid-body the status line is gone: the only honest signal left is to cut the connection.
            ServiceProxyLog.BackendFailed(logger, target.ToString(), endpoint.ToString(), e);
            if (!outgoing.HasStarted)
            {
                outgoing.Headers.Clear();
                await WriteErrorAsync(context, StatusCodes.Status502BadGateway, $"service {target}: endpoint {endpoint} failed: {e.Message}\n");
                return;
            }
            context.Abort();
            return;
        }

        if (response.TrailingHeaders.NonValidated.Count > 0 && outgoing.SupportsTrailers())
        {
            foreach (var (name, values) in response.TrailingHeaders.NonValidated)
            {
                if (!HopByHopHeaders.IsHopByHop(name)) outgoing.AppendTrailer(name, new StringValues([.. values]));
            }
        }
    }

    private async Task TunnelAsync(HttpContext context, IHttpUpgradeFeature upgradeFeature, HttpResponseMessage response, ServicePortTarget target, IPEndPoint endpoint)
    {
        context.Response.StatusCode = StatusCodes.Status101SwitchingProtocols;
        ResponseHeaderCopy.CopyTo(response, context.Response.Headers);
        if (response.Headers.NonValidated.TryGetValues("Upgrade", out var protocols))
        {
            context.Response.Headers.Upgrade = new StringValues([.. protocols]);
        }
        var backend = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var clientStream = await upgradeFeature.UpgradeAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var up = StreamCopy.CopyAsync(clientStream, backend, stop.Token);
        var down = StreamCopy.CopyAsync(backend, clientStream, stop.Token);
        try
        {
            // Either side closing ends the tunnel: the protocol inside (WebSocket close frames) has already said goodbye.
            await Task.WhenAny(up, down);
        }
        finally
        {
            await stop.CancelAsync();
            await backend.DisposeAsync();
            try
            {
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
            {
                ServiceProxyLog.TunnelEnded(logger, target.ToString(), endpoint.ToString(), e.Message);
            }
        }
    }

    private static bool IsConnectFailure(Exception e) =>
        e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } || e.InnerException is SocketException;

    internal static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(message);
        response.ContentLength = bytes.Length;
        try
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
