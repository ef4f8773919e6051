using System.Collections.Concurrent;

namespace Obs.ApiServer.ResourceMetrics;

/// <summary>
/// The latest usage of every node and its pods, held in memory as metrics-server holds it: each
/// node's entry is replaced whole after each scrape, so a reader sees one consistent window.
/// </summary>
public sealed class ResourceMetricsStore
{
    private readonly ConcurrentDictionary<string, NodeUsage> _nodes = new(StringComparer.Ordinal);
    private readonly Lock _write = new();
    private volatile IReadOnlyDictionary<(string Namespace, string Name), PodUsage> _pods = new Dictionary<(string, string), PodUsage>();

    public NodeUsage? Node(string name) => _nodes.GetValueOrDefault(name);

    public PodUsage? Pod(string @namespace, string name) => _pods.GetValueOrDefault((@namespace, name));

    public void Set(NodeUsage usage)
    {
        lock (_write)
        {
            _nodes[usage.Node] = usage;
            Reindex();
        }
    }

    /// <summary>Forgets nodes that are gone from the cluster or stopped answering.</summary>
    public void Remove(string node)
    {
        lock (_write)
        {
            if (_nodes.TryRemove(node, out _)) Reindex();
        }
    }

    private void Reindex()
    {
        var pods = new Dictionary<(string, string), PodUsage>();
        foreach (var node in _nodes.Values)
        {
            foreach (var pod in node.Pods) pods[(pod.Namespace, pod.Name)] = pod;
        }
        _pods = pods;
    }
}
