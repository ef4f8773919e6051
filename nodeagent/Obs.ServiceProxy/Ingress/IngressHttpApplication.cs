using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ServiceProxy.Forwarding;
using Obs.ServiceProxy.Listeners;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// What an ingress port runs for each request: route it by host and path through the current
/// <see cref="IngressTable"/>, then hand it to the service proxy's forwarder with the backend's service
/// port (which answers 503 when no endpoint is ready and records the request under the Ingress and the
/// service). A request no rule matches gets 404, one whose backend does not exist 503; both say why.
/// A plain-HTTP request for a route that redirects gets 308 to the same URL on <paramref name="httpsPort"/>
/// (ingress-nginx's code: the method and body are kept); a route with a rewrite reaches its backend at the
/// rewritten path, the original in <c>X-Original-URI</c> as ingress-nginx sends it.
/// </summary>
internal sealed class IngressHttpApplication(Func<IngressTable> table, HttpForwarder forwarder, ProxyMetrics metrics, int? httpsPort) : IHttpApplication<HttpContext>
{
    /// <summary>The <c>ingress</c> label of requests no rule matched.</summary>
    public const string Unmatched = "_unmatched";

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => ProxyHttpContexts.Create(contextFeatures);

    public async Task ProcessRequestAsync(HttpContext context)
    {
        var host = IngressHosts.FromHeader(context.Request.Host.Value);
        var path = context.Request.Path.Value is { Length: > 0 } p ? p : "/";
        var route = table().Match(host, path);
        var backend = route?.Backend;
        var started = Stopwatch.GetTimestamp();
        if (route is { SslRedirect: true } && !context.Request.IsHttps && httpsPort is int port && context.Request.Host.Host.Length > 0)
        {
            var location = RedirectLocation(context.Request, port);
            context.Response.Headers.Location = location;
            await HttpForwarder.WriteErrorAsync(context, StatusCodes.Status308PermanentRedirect, $"this host is served over HTTPS: {location}\n");
            Completed(context, backend!, started);
            return;
        }
        if (backend?.Target is { } target)
        {
            if (route!.Rewrite(path) is { } rewritten)
            {
                var request = context.Request;
                request.Headers["X-Original-URI"] = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
                request.Path = new PathString(rewritten.Path);
                if (rewritten.Query is { } query)
                {
                    // The target's own arguments come first, then the request's, as nginx appends them.
                    request.QueryString = new QueryString("?" + query + (request.QueryString.HasValue ? "&" + request.QueryString.Value![1..] : ""));
                }
            }
            await forwarder.ForwardAsync(context, target);
            return;
        }
        if (backend is null)
        {
            await HttpForwarder.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"no ingress rule matches host \"{host}\" and path \"{path}\"\n");
            metrics.IngressRequestCompleted(null, Unmatched, null, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            return;
        }
        await HttpForwarder.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, backend.Problem!);
        Completed(context, backend, started);
    }

    /// <summary>Records a request the proxy answered itself for <paramref name="backend"/>'s Ingress and service.</summary>
    private void Completed(HttpContext context, IngressBackend backend, long started) =>
        metrics.IngressRequestCompleted(backend.Namespace, backend.Ingress, backend.Service.Length > 0 ? backend.Service : null,
            context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));

    /// <summary>The request's URL with <c>https</c> and the HTTPS port (left out when it is 443), host as the client sent it.</summary>
    internal static string RedirectLocation(HttpRequest request, int port) =>
        "https://" + request.Host.Host + (port == 443 ? "" : ":" + port.ToString(CultureInfo.InvariantCulture))
        + request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();

    public void DisposeContext(HttpContext context, Exception? exception) => ProxyHttpContexts.Release(context);
}
