using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// topologySpreadConstraints: with DoNotSchedule a node is filtered out when placing the pod there
/// would make its domain exceed the least populated domain by more than maxSkew; with
/// ScheduleAnyway nodes in less populated domains score higher. Only nodes that pass the pod's
/// node selector and required affinity count as domains (nodeAffinityPolicy Honor).
/// </summary>
public sealed class PodTopologySpread : IFilterPlugin, IScorePlugin
{
    public const string Reason = "node(s) didn't match pod topology spread constraints";
    public const string MissingLabelReason = "node(s) didn't match pod topology spread constraints (missing required label)";

    public string Name => "PodTopologySpread";

    public int Weight => 2;

    private sealed record ConstraintCounts(SpreadConstraint Constraint, Dictionary<string, int> Counts, int Min, double Weight);

    public object? PreFilter(PodInfo pod, Snapshot snapshot)
    {
        var hard = pod.SpreadConstraints.Where(c => c.Hard).ToArray();
        return hard.Length == 0 ? null : Count(pod, hard, snapshot);
    }

    private static ConstraintCounts[] Count(PodInfo pod, SpreadConstraint[] constraints, Snapshot snapshot)
    {
        var result = new ConstraintCounts[constraints.Length];
        var counts = constraints.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        foreach (var node in snapshot.Nodes)
        {
            if (!HasAllKeys(constraints, node) || !NodeAffinity.Matches(pod, node)) continue;
            for (var i = 0; i < constraints.Length; i++)
            {
                var c = constraints[i];
                var domain = node.Labels[c.TopologyKey];
                var matching = 0;
                foreach (var existing in node.Pods)
                    if (existing.Namespace == pod.Namespace && !existing.IsTerminating && c.Selector.Matches(existing.Labels)) matching++;
                counts[i][domain] = counts[i].GetValueOrDefault(domain) + matching;
            }
        }
        for (var i = 0; i < constraints.Length; i++)
        {
            var min = counts[i].Count == 0 ? 0 : counts[i].Values.Min();
            // Fewer domains than minDomains: the missing ones count as empty.
            if (counts[i].Count < constraints[i].MinDomains) min = 0;
            result[i] = new ConstraintCounts(constraints[i], counts[i], min, Math.Log(counts[i].Count + 2));
        }
        return result;
    }

    private static bool HasAllKeys(IEnumerable<SpreadConstraint> constraints, NodeInfo node)
    {
        foreach (var c in constraints)
            if (!node.Labels.ContainsKey(c.TopologyKey)) return false;
        return true;
    }

    public bool PassesEveryNode(object? state, PodInfo pod) => state is null;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        if (state is not ConstraintCounts[] all) return FilterResult.Success;
        foreach (var c in all)
        {
            if (!node.Labels.TryGetValue(c.Constraint.TopologyKey, out var domain)) return FilterResult.Unresolvable(MissingLabelReason);
            var self = c.Constraint.Selector.Matches(pod.Labels) ? 1 : 0;
            var skew = c.Counts.GetValueOrDefault(domain) + self - c.Min;
            if (skew > c.Constraint.MaxSkew) return FilterResult.Unschedulable(Reason);
        }
        return FilterResult.Success;
    }

    public object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot)
    {
        var soft = pod.SpreadConstraints.Where(c => !c.Hard).ToArray();
        return soft.Length == 0 ? ScoreState.Skip : Count(pod, soft, snapshot);
    }

    /// <summary>Matching pods in the node's domains, each constraint weighted by log(domains + 2); −1 when the node lacks a key.</summary>
    public long Score(object? state, PodInfo pod, NodeInfo node)
    {
        if (state is not ConstraintCounts[] all) return 0;
        double score = 0;
        foreach (var c in all)
        {
            if (!node.Labels.TryGetValue(c.Constraint.TopologyKey, out var domain)) return -1;
            score += c.Counts.GetValueOrDefault(domain) * c.Weight + (c.Constraint.MaxSkew - 1);
        }
        return (long)Math.Round(score * 1000);
    }

    /// <summary>Fewer matching pods is better: 100 × (max + min − score) / max; nodes without the keys get 0.</summary>
    public void Normalize(object? state, Span<long> scores)
    {
        if (state is not ConstraintCounts[])
        {
            scores.Clear();
            return;
        }
        long min = long.MaxValue, max = 0;
        foreach (var s in scores)
        {
            if (s < 0) continue;
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] < 0) scores[i] = 0;
            else if (max == 0) scores[i] = ScoreScale.MaxNodeScore;
            else scores[i] = ScoreScale.MaxNodeScore * (max + min - scores[i]) / max;
        }
    }
}
