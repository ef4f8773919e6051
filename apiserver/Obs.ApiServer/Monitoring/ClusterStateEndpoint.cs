using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Cache;
using Obs.Exporter.ClusterState;
using Obs.Exporter.Telemetry;

namespace Obs.ApiServer.Monitoring;

/// <summary>
/// <c>/metrics/cluster-state</c>: kube-state-metrics' families computed from this apiserver's
/// watch cache on each scrape, with no list request and no re-parsing.
/// </summary>
public sealed class ClusterStateEndpoint : IDisposable
{
    private readonly MetricsRegistry _registry = new();

    public ClusterStateEndpoint(WatchCache cache) => _registry.Register(new ClusterStateCollector(new CacheSource(cache)));

    public async Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = _registry.WriteTo(context.Response.BodyWriter, context.Request.Headers.Accept.ToString());
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public void Dispose() => _registry.Dispose();

    private sealed class CacheSource(WatchCache cache) : IClusterStateSource
    {
        public void CopyTo(string resource, List<JsonElement> objects) => cache.CopyRoots(resource, objects);
    }
}
