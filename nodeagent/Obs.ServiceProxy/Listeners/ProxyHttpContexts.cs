using Microsoft.AspNetCore.Hosting.Server.Abstractions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Obs.ServiceProxy.Listeners;

/// <summary>
/// The <see cref="HttpContext"/> of each request, kept on its connection (or HTTP/2 stream) and reset for the next
/// request there, as ASP.NET Core's hosting layer does: Kestrel offers the slot (<see cref="IHostContextContainer{TContext}"/>),
/// and a proxy that allocates a fresh context with its request and response objects for every request pays for it
/// in throughput.
/// </summary>
internal static class ProxyHttpContexts
{
    public static HttpContext Create(IFeatureCollection features)
    {
        if (features is not IHostContextContainer<HttpContext> container) return new DefaultHttpContext(features);
        if (container.HostContext is DefaultHttpContext kept)
        {
            kept.Initialize(features);
            return kept;
        }
        var context = new DefaultHttpContext(features);
        container.HostContext = context;
        return context;
    }

    public static void Release(HttpContext context)
    {
        if (context is DefaultHttpContext reused) reused.Uninitialize();
    }
}
