using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ServiceProxy.Forwarding;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// The whole "application" behind a proxy listener: each request goes to the forwarder with the
/// listener's current target. No middleware, no hosting layer: the proxy records its own metrics.
/// </summary>
internal sealed class ProxyHttpApplication(KestrelListener listener, HttpForwarder forwarder) : IHttpApplication<HttpContext>
{
    public HttpContext CreateContext(IFeatureCollection contextFeatures) => ProxyHttpContexts.Create(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => forwarder.ForwardAsync(context, listener.Target);

    public void DisposeContext(HttpContext context, Exception? exception) => ProxyHttpContexts.Release(context);
}
