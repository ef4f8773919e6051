using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ServiceProxy.Forwarding;
using Obs.ServiceProxy.Metrics;

namespace Obs.ServiceProxy.Ingress;

/// <summary>
/// What an ingress port runs for each request: route it by host and path through the current
/// <see cref="IngressTable"/>, then hand it to the service proxy's forwarder with the backend's service
/// port (which answers 503 when no endpoint is ready and records the request under the Ingress and the
/// service). A request no rule matches gets 404, one whose backend does not exist 503; both say why.
/// </summary>
internal sealed class IngressHttpApplication(Func<IngressTable> table, HttpForwarder forwarder, ProxyMetrics metrics) : IHttpApplication<HttpContext>
{
    /// <summary>The <c>ingress</c> label of requests no rule matched.</summary>
    public const string Unmatched = "_unmatched";

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public async Task ProcessRequestAsync(HttpContext context)
    {
        var host = IngressHosts.FromHeader(context.Request.Host.Value);
        var path = context.Request.Path.Value is { Length: > 0 } p ? p : "/";
        var backend = table().Route(host, path);
        if (backend?.Target is { } target)
        {
            await forwarder.ForwardAsync(context, target);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        if (backend is null)
        {
            await HttpForwarder.WriteErrorAsync(context, StatusCodes.Status404NotFound, $"no ingress rule matches host \"{host}\" and path \"{path}\"\n");
            metrics.IngressRequestCompleted(null, Unmatched, null, context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            return;
        }
        await HttpForwarder.WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, backend.Problem!);
        metrics.IngressRequestCompleted(backend.Namespace, backend.Ingress, backend.Service.Length > 0 ? backend.Service : null,
            context.Request.Method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
    }

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
