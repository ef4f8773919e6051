using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>A host port (same port and protocol, overlapping IP) can be held by one pod per node.</summary>
public sealed class NodePorts : IFilterPlugin
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    public string Name => "NodePorts";

    public object? PreFilter(PodInfo pod, Snapshot snapshot) => null;

    public bool PassesEveryNode(object? state, PodInfo pod) => pod.HostPorts.Count == 0;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        foreach (var wanted in pod.HostPorts)
            foreach (var used in node.UsedPorts)
                if (wanted.ConflictsWith(used)) return FilterResult.Unschedulable(Reason);
        return FilterResult.Success;
    }
}
