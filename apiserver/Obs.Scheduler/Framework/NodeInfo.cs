using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Scheduler.Framework;

/// <summary>
/// A node and what is placed on it: allocatable, the summed requests of its pods (bound and
/// assumed), host ports in use, labels and taints. The cache mutates its own copies; scheduling
/// reads clones in a snapshot, so a cycle sees one consistent state.
/// </summary>
public sealed class NodeInfo
{
    // What a node that is not Ready carries in Kubernetes (set there by the node lifecycle
    // controller); the scheduler treats the condition itself as the taint, so a node just created
    // or gone quiet is skipped even before any controller has tainted it.
    public static readonly Taint NotReadyTaint = new(WellKnownTaints.NotReady, "", WellKnownTaints.NoSchedule);
    public static readonly Taint UnreachableTaint = new(WellKnownTaints.Unreachable, "", WellKnownTaints.NoSchedule);

    private static readonly Dictionary<string, string> NoLabels = [];

    private readonly List<PodInfo> _pods;
    private readonly List<HostPort> _usedPorts;

    public NodeInfo(string name)
    {
        Name = name;
        _pods = [];
        _usedPorts = [];
        Labels = NoLabels;
        Taints = [];
    }

    private NodeInfo(NodeInfo other)
    {
        Name = other.Name;
        Node = other.Node;
        Labels = other.Labels;
        Taints = other.Taints;
        Unschedulable = other.Unschedulable;
        Allocatable = other.Allocatable;
        Requested = other.Requested;
        NonZeroRequested = other.NonZeroRequested;
        PodsWithAffinity = other.PodsWithAffinity;
        PodsWithRequiredAntiAffinity = other.PodsWithRequiredAntiAffinity;
        Generation = other.Generation;
        _pods = [.. other._pods];
        _usedPorts = [.. other._usedPorts];
    }

    public string Name { get; }

    /// <summary>Null while pods are known to be bound to a node the node informer has not delivered yet.</summary>
    public JsonObject? Node { get; private set; }

    public IReadOnlyDictionary<string, string> Labels { get; private set; }

    /// <summary>spec.taints plus the not-ready or unreachable taint the Ready condition implies.</summary>
    public IReadOnlyList<Taint> Taints { get; private set; }

    public bool Unschedulable { get; private set; }
    public ResourceSet Allocatable { get; private set; }
    public ResourceSet Requested { get; private set; }
    public ResourceSet NonZeroRequested { get; private set; }
    public IReadOnlyList<PodInfo> Pods => _pods;
    public IReadOnlyList<HostPort> UsedPorts => _usedPorts;

    /// <summary>Pods on the node with any pod affinity or anti-affinity term.</summary>
    public int PodsWithAffinity { get; private set; }

    public int PodsWithRequiredAntiAffinity { get; private set; }

    /// <summary>The cache's change counter at this node's last change.</summary>
    public long Generation { get; set; }

    public NodeInfo Clone() => new(this);

    public void SetNode(JsonObject node)
    {
        Node = node;
        // Read through a clone, so that a compact informer object stays unexpanded (see PodInfo).
        node = node.DeepClone().AsObject();
        Labels = new Dictionary<string, string>(ObjectMeta.Labels(node), StringComparer.Ordinal);
        Unschedulable = node.BoolAt("spec", "unschedulable") ?? false;
        var allocatable = node.At("status", "allocatable") ?? node.At("status", "capacity");
        Allocatable = ResourceLists.Read(allocatable, pods: 110);
        var taints = node.At("spec", "taints") is JsonArray list ? list.Select(Taint.FromJson).ToList() : [];
        var ready = ReadyCondition(node);
        var implied = ready switch
        {
            "True" => null,
            "Unknown" => UnreachableTaint,
            _ => NotReadyTaint,
        };
        if (implied is not null && !taints.Any(t => t.Key == implied.Key)) taints.Add(implied);
        Taints = taints;
    }

    private static string? ReadyCondition(JsonObject node)
    {
        if (node.At("status", "conditions") is not JsonArray conditions) return null;
        foreach (var condition in conditions)
            if (condition.StringAt("type") == "Ready") return condition.StringAt("status");
        return null;
    }

    public void AddPod(PodInfo pod)
    {
        _pods.Add(pod);
        Requested += pod.Requests;
        NonZeroRequested += pod.NonZeroRequests;
        _usedPorts.AddRange(pod.HostPorts);
        if (pod.HasPodAffinity) PodsWithAffinity++;
        if (pod.RequiredAntiAffinity.Count > 0) PodsWithRequiredAntiAffinity++;
    }

    /// <summary>Removes the pod with this key; false if it was not here.</summary>
    public bool RemovePod(string key)
    {
        var index = _pods.FindIndex(p => p.Key == key);
        if (index < 0) return false;
        var pod = _pods[index];
        _pods[index] = _pods[^1];
        _pods.RemoveAt(_pods.Count - 1);
        Requested -= pod.Requests;
        NonZeroRequested -= pod.NonZeroRequests;
        foreach (var port in pod.HostPorts) _usedPorts.Remove(port);
        if (pod.HasPodAffinity) PodsWithAffinity--;
        if (pod.RequiredAntiAffinity.Count > 0) PodsWithRequiredAntiAffinity--;
        return true;
    }
}
