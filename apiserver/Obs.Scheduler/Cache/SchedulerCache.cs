using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Cache;

/// <summary>
/// What the scheduler knows of the cluster: nodes, and the pods on them, including pods it has
/// just placed but whose binding the informer has not yet shown (assumed), so that two quick pods
/// do not both take a node's last CPU. Informer handlers and the binding tasks write here; the
/// scheduling loop reads consistent clones through <see cref="UpdateSnapshot"/>.
/// </summary>
public sealed class SchedulerCache
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, NodeInfo> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlacedPod> _pods = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private bool _nodeSetChanged;
    private long _generation;

    private sealed record PlacedPod(PodInfo Pod, string Node, bool Assumed);

    public int NodeCount
    {
        get { lock (_lock) return _nodes.Values.Count(n => n.Node is not null); }
    }

    public void AddOrUpdateNode(JsonObject node)
    {
        // Read through a clone, so that a compact informer object stays unexpanded (see NodeInfo).
        var name = ObjectMeta.Name(node.DeepClone()) ?? "";
        lock (_lock)
        {
            var info = NodeLocked(name);
            if (info.Node is null) _nodeSetChanged = true;
            info.SetNode(node);
            TouchLocked(info);
        }
    }

    public void RemoveNode(string name)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(name, out var info)) return;
            _nodes.Remove(name);
            // Pods still bound to it stay accounted to a placeholder until they go too.
            if (info.Pods.Count > 0)
            {
                var placeholder = new NodeInfo(name);
                foreach (var pod in info.Pods) placeholder.AddPod(pod);
                _nodes[name] = placeholder;
            }
            _nodeSetChanged = true;
            _dirty.Add(name);
            _generation++;
        }
    }

    /// <summary>A pod bound to a node (seen by the informer); confirms an assumed pod.</summary>
    public void AddOrUpdatePod(PodInfo pod)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Key, out var placed)) RemoveLocked(pod.Key, placed);
            AddLocked(pod, pod.NodeName, assumed: false);
        }
    }

    public void RemovePod(string key)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(key, out var placed)) RemoveLocked(key, placed);
        }
    }

    /// <summary>Accounts the pod on the node before the binding is written.</summary>
    public void Assume(PodInfo pod, string node)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(pod.Key, out var placed)) RemoveLocked(pod.Key, placed);
            AddLocked(pod, node, assumed: true);
        }
    }

    /// <summary>The binding failed: the assumed pod leaves the node again (a pod the informer has confirmed bound stays).</summary>
    public void Forget(string key)
    {
        lock (_lock)
        {
            if (_pods.TryGetValue(key, out var placed) && placed.Assumed) RemoveLocked(key, placed);
        }
    }

    public bool IsAssumed(string key)
    {
        lock (_lock) return _pods.TryGetValue(key, out var placed) && placed.Assumed;
    }

    /// <summary>Whether the pod is on a node here, assumed or bound.</summary>
    public bool IsPlaced(string key)
    {
        lock (_lock) return _pods.ContainsKey(key);
    }

    /// <summary>Brings <paramref name="snapshot"/> up to date, cloning only the nodes changed since its last update.</summary>
    public void UpdateSnapshot(Snapshot snapshot)
    {
        lock (_lock)
        {
            if (snapshot.Generation == _generation) return;
            var reindex = _nodeSetChanged;
            foreach (var name in _dirty)
            {
                if (!_nodes.TryGetValue(name, out var info))
                {
                    snapshot.Remove(name);
                    reindex = true;
                    continue;
                }
                var clone = info.Clone();
                if (reindex || !snapshot.TryReplace(clone))
                {
                    snapshot.Set(clone);
                    reindex = true;
                }
            }
            if (reindex) snapshot.Reindex();
            _dirty.Clear();
            _nodeSetChanged = false;
            snapshot.Generation = _generation;
        }
    }

    private NodeInfo NodeLocked(string name)
    {
        if (!_nodes.TryGetValue(name, out var info))
        {
            info = new NodeInfo(name);
            _nodes[name] = info;
        }
        return info;
    }

    private void AddLocked(PodInfo pod, string node, bool assumed)
    {
        var info = NodeLocked(node);
        info.AddPod(pod);
        _pods[pod.Key] = new PlacedPod(pod, node, assumed);
        TouchLocked(info);
    }

    private void RemoveLocked(string key, PlacedPod placed)
    {
        _pods.Remove(key);
        if (!_nodes.TryGetValue(placed.Node, out var info)) return;
        info.RemovePod(key);
        if (info.Node is null && info.Pods.Count == 0)
        {
            _nodes.Remove(placed.Node);
            _dirty.Add(placed.Node);
            _generation++;
            return;
        }
        TouchLocked(info);
    }

    private void TouchLocked(NodeInfo info)
    {
        info.Generation = ++_generation;
        _dirty.Add(info.Name);
    }
}
