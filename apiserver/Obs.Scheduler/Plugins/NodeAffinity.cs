using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Filter: spec.nodeSelector and required node affinity must both match. Score: the summed
/// weights of the preferred terms the node matches.
/// </summary>
public sealed class NodeAffinity : IFilterPlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    public string Name => "NodeAffinity";

    public int Weight => 2;

    public object? PreFilter(PodInfo pod, Snapshot snapshot) => null;

    public bool PassesEveryNode(object? state, PodInfo pod) => pod.NodeSelector is null && pod.RequiredNodeTerms is null;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node) =>
        Matches(pod, node) ? FilterResult.Success : FilterResult.Unresolvable(Reason);

    /// <summary>Whether the node satisfies the pod's nodeSelector and required node affinity.</summary>
    public static bool Matches(PodInfo pod, NodeInfo node)
    {
        if (pod.NodeSelector is { } selector)
        {
            foreach (var (key, value) in selector)
                if (!node.Labels.TryGetValue(key, out var have) || have != value) return false;
        }
        return pod.RequiredNodeTerms is not { } terms || NodeSelectorTerms.MatchesAny(terms, node);
    }

    public object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot) => pod.PreferredNodeTerms is { Count: > 0 } ? null : ScoreState.Skip;

    public long Score(object? state, PodInfo pod, NodeInfo node)
    {
        if (pod.PreferredNodeTerms is not { } preferred) return 0;
        long sum = 0;
        foreach (var term in preferred)
        {
            var weight = term.LongAt("weight") ?? 0;
            if (weight != 0 && NodeSelectorTerms.Matches(term.At("preference"), node)) sum += weight;
        }
        return sum;
    }

    public void Normalize(object? state, Span<long> scores) => ScoreScale.ToMax(scores, reverse: false);
}
