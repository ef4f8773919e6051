using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>A pod that names a node in spec.nodeName fits that node only.</summary>
public sealed class NodeName : IFilterPlugin
{
    public const string Reason = "node(s) didn't match the requested node name";

    public string Name => "NodeName";

    public object? PreFilter(PodInfo pod, Snapshot snapshot) => null;

    public bool PassesEveryNode(object? state, PodInfo pod) => pod.NodeName.Length == 0;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node) =>
        pod.NodeName.Length == 0 || pod.NodeName == node.Name ? FilterResult.Success : FilterResult.Unresolvable(Reason);
}
