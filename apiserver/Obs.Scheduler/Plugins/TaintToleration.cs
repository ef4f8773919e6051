using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Filter: a NoSchedule or NoExecute taint the pod does not tolerate keeps it off the node (this
/// includes the not-ready taint a node without Ready=True implies). Score: fewer untolerated
/// PreferNoSchedule taints is better.
/// </summary>
public sealed class TaintToleration : IFilterPlugin, IScorePlugin
{
    public string Name => "TaintToleration";

    public int Weight => 3;

    public object? PreFilter(PodInfo pod, Snapshot snapshot) => null;

    // Both loops run once per node for every pod: indexing the list, unlike foreach over the
    // interface, allocates no enumerator.
    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        var taints = node.Taints;
        for (var i = 0; i < taints.Count; i++)
        {
            var taint = taints[i];
            if (taint.Effect is not (WellKnownTaints.NoSchedule or WellKnownTaints.NoExecute)) continue;
            if (!Toleration.AnyTolerates(pod.Tolerations, taint))
                return FilterResult.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
        }
        return FilterResult.Success;
    }

    public object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot) =>
        pod.Tolerations.Where(t => t.Effect.Length == 0 || t.Effect == WellKnownTaints.PreferNoSchedule).ToArray();

    public long Score(object? state, PodInfo pod, NodeInfo node)
    {
        var tolerations = (Toleration[])state!;
        long count = 0;
        var taints = node.Taints;
        for (var i = 0; i < taints.Count; i++)
            if (taints[i].Effect == WellKnownTaints.PreferNoSchedule && !Toleration.AnyTolerates(tolerations, taints[i])) count++;
        return count;
    }

    public void Normalize(object? state, Span<long> scores) => ScoreScale.ToMax(scores, reverse: true);
}
