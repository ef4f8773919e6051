using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Obs.ApiServer.Cache;
using Obs.Exporter.ClusterState;
using Obs.Exporter.Exposition;

namespace Obs.ApiServer.Monitoring;

/// <summary>
/// <c>/metrics/cluster-state</c>: kube-state-metrics' families computed from this apiserver's watch
/// cache, with no list request. The collector keeps each object's lines until the cache replaces the
/// object (a new <see cref="CachedObject"/> per change), so only new versions are parsed, and streams
/// the scrape straight into the response.
/// </summary>
public sealed class ClusterStateEndpoint(WatchCache cache)
{
    private readonly ClusterStateCollector _collector = new(new CacheSource(cache));

    public async Task WriteAsync(HttpContext context)
    {
        var format = AcceptHeader.Negotiate(context.Request.Headers.Accept.ToString());
        context.Response.StatusCode = 200;
        context.Response.ContentType = ContentTypes.For(format);
        await _collector.WriteAsync(context.Response.BodyWriter, format, context.RequestAborted);
    }

    private sealed class CacheSource(WatchCache cache) : IClusterStateSource
    {
        // Parsed when the collector renders the object (only those new or changed since the last scrape), and
        // disposed by it once rendered. No family reads managedFields, so their field sets are left out.
        private static readonly Func<object, JsonDocument> ParseCached = static version => ((CachedObject)version).ParseWithoutFieldSets();

        // Used under the collector's one-scrape-at-a-time gate.
        private readonly List<CachedObject> _cached = [];

        public void CopyTo(string resource, List<ClusterObject> objects)
        {
            _cached.Clear();
            cache.CopyObjects(resource, _cached);
            foreach (var obj in _cached) objects.Add(new ClusterObject(obj, ParseCached));
            _cached.Clear();
        }
    }
}
