using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// The objects the cluster-state metrics are computed from: the apiserver's watch cache, which already
/// holds every object parsed. Each scrape asks once per resource; the implementation appends the parsed
/// roots it holds (no copy of the JSON, no re-parsing, no list request), so its lock is held only for
/// as long as it takes to copy the references.
/// </summary>
/// <example>Over the apiserver's watch cache, whose <c>CachedObject.Root</c> is the parsed object:
/// <code>
/// // WatchCache
/// public void CopyRoots(string resource, List&lt;JsonElement&gt; into)
/// {
///     lock (_lock)
///     {
///         if (!_stores.TryGetValue(resource, out var byNamespace)) return;
///         foreach (var names in byNamespace.Values)
///             foreach (var obj in names.Values) into.Add(obj.Root);
///     }
/// }
/// // sealed class WatchCacheClusterState(WatchCache cache) : IClusterStateSource
/// public void CopyTo(string resource, List&lt;JsonElement&gt; objects) => cache.CopyRoots(resource, objects);
/// </code></example>
public interface IClusterStateSource
{
    /// <summary>
    /// Appends the current objects of <paramref name="resource"/> to <paramref name="objects"/>, in Kubernetes
    /// JSON shape. <paramref name="resource"/> is the group-resource the watch cache keys objects by
    /// (<see cref="ClusterStateResources"/>: <c>pods</c>, <c>deployments.apps</c>…). The elements must stay
    /// readable while the scrape writes them, which immutable cached documents are.
    /// </summary>
    void CopyTo(string resource, List<JsonElement> objects);
}
