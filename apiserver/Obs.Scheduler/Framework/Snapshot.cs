namespace Obs.Scheduler.Framework;

/// <summary>
/// The nodes one scheduling cycle sees: clones taken from the cache, refreshed before each cycle
/// for only the nodes that changed since the last one.
/// </summary>
public sealed class Snapshot
{
    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);
    private NodeInfo[] _nodes = [];
    private int _count;

    /// <summary>The cache generation this snapshot reflects.</summary>
    public long Generation { get; internal set; } = -1;

    public int Count => _count;

    public ReadOnlySpan<NodeInfo> Nodes => _nodes.AsSpan(0, _count);

    /// <summary>Whether any node holds a pod with pod affinity terms (then every pod's filters must look at them).</summary>
    public bool HasPodsWithAffinity { get; private set; }

    public NodeInfo? Get(string name) => _byName.GetValueOrDefault(name);

    /// <summary>For tests and the cache: a snapshot of exactly these nodes.</summary>
    public static Snapshot Of(params IEnumerable<NodeInfo> nodes)
    {
        var snapshot = new Snapshot();
        foreach (var node in nodes) snapshot.Set(node);
        snapshot.Reindex();
        return snapshot;
    }

    internal void Set(NodeInfo node) => _byName[node.Name] = node;

    internal void Remove(string name) => _byName.Remove(name);

    /// <summary>Rebuilds the node array from the map, in a stable (name) order.</summary>
    internal void Reindex()
    {
        if (_nodes.Length < _byName.Count) _nodes = new NodeInfo[Math.Max(_byName.Count, _nodes.Length * 2)];
        _count = 0;
        var affinity = false;
        foreach (var node in _byName.Values)
        {
            if (node.Node is null) continue;
            _nodes[_count++] = node;
            affinity |= node.PodsWithAffinity > 0;
        }
        Array.Sort(_nodes, 0, _count, NodeNameOrder.Instance);
        Array.Clear(_nodes, _count, _nodes.Length - _count);
        HasPodsWithAffinity = affinity;
    }

    /// <summary>Replaces one node in place when the set of nodes is unchanged.</summary>
    internal bool TryReplace(NodeInfo node)
    {
        if (!_byName.TryGetValue(node.Name, out var old) || old.Node is null || node.Node is null) return false;
        var index = Array.BinarySearch(_nodes, 0, _count, node, NodeNameOrder.Instance);
        if (index < 0) return false;
        _nodes[index] = node;
        _byName[node.Name] = node;
        if (node.PodsWithAffinity > 0) HasPodsWithAffinity = true;
        return true;
    }

    private sealed class NodeNameOrder : IComparer<NodeInfo>
    {
        public static readonly NodeNameOrder Instance = new();

        public int Compare(NodeInfo? x, NodeInfo? y) => string.CompareOrdinal(x?.Name, y?.Name);
    }
}
