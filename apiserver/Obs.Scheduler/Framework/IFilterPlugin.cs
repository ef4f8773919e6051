namespace Obs.Scheduler.Framework;

/// <summary>
/// A filter: whether a pod may go on a node. <see cref="PreFilter"/> runs once per pod over the
/// whole snapshot (for what needs every node, such as affinity counts); <see cref="Filter"/> runs
/// once per node, concurrently, so it must not mutate shared state.
/// </summary>
public interface IFilterPlugin
{
    string Name { get; }

    /// <summary>State for <see cref="Filter"/>, or null when the plugin needs none.</summary>
    object? PreFilter(PodInfo pod, Snapshot snapshot);

    FilterResult Filter(object? state, PodInfo pod, NodeInfo node);

    /// <summary>
    /// True when <see cref="Filter"/> would pass every node for this pod (it asks nothing this
    /// plugin checks), so the cycle leaves the plugin out, as kube-scheduler's PreFilter Skip.
    /// </summary>
    bool PassesEveryNode(object? state, PodInfo pod) => false;
}
