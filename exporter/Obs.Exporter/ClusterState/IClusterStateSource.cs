namespace Obs.Exporter.ClusterState;

/// <summary>
/// The objects the cluster-state metrics are computed from: the apiserver's watch cache, which holds
/// every object's JSON. Each scrape asks once per resource; the implementation appends the entries it
/// holds (no copy of the JSON, no list request), each parsed only if the collector renders it, so its
/// lock is held only for as long as it takes to copy the references.
/// </summary>
/// <example>Over the apiserver's watch cache, whose <c>CachedObject</c> is replaced whenever its object changes:
/// <code>
/// // sealed class WatchCacheClusterState(WatchCache cache) : IClusterStateSource
/// public void CopyTo(string resource, List&lt;ClusterObject&gt; objects)
/// {
///     cached.Clear();
///     cache.CopyObjects(resource, cached);
///     foreach (var obj in cached) objects.Add(new ClusterObject(obj, static version => ((CachedObject)version).ParseWithoutFieldSets()));
/// }
/// </code></example>
public interface IClusterStateSource
{
    /// <summary>
    /// Appends the current objects of <paramref name="resource"/> to <paramref name="objects"/>, in Kubernetes
    /// JSON shape, in a stable order (the metrics list them in it). <paramref name="resource"/> is the
    /// group-resource the watch cache keys objects by (<see cref="ClusterStateResources"/>: <c>pods</c>,
    /// <c>deployments.apps</c>…). The elements must stay readable while the scrape writes them, which
    /// immutable cached documents are.
    /// </summary>
    void CopyTo(string resource, List<ClusterObject> objects);
}
