using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>Keeps pods off cordoned nodes (spec.unschedulable) unless they tolerate the unschedulable taint.</summary>
public sealed class NodeUnschedulable : IFilterPlugin
{
    public const string Reason = "node(s) were unschedulable";
    private static readonly Taint UnschedulableTaint = new(WellKnownTaints.Unschedulable, "", WellKnownTaints.NoSchedule);

    public string Name => "NodeUnschedulable";

    public object? PreFilter(PodInfo pod, Snapshot snapshot) => null;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node) =>
        node.Unschedulable && !Toleration.AnyTolerates(pod.Tolerations, UnschedulableTaint)
            ? FilterResult.Unresolvable(Reason)
            : FilterResult.Success;
}
