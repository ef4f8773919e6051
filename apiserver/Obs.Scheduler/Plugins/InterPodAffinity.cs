using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Pod affinity and anti-affinity by topology domain (the value of a node label such as
/// kubernetes.io/hostname or topology.kubernetes.io/zone). Filter: the required terms of the
/// incoming pod, and the required anti-affinity of pods already placed (symmetry). Score: the
/// preferred terms both ways, plus existing pods' required affinity at weight 1.
/// </summary>
public sealed class InterPodAffinity : IFilterPlugin, IScorePlugin
{
    public const string ExistingAntiAffinityReason = "node(s) didn't satisfy existing pods anti-affinity rules";
    public const string AntiAffinityReason = "node(s) didn't match pod anti-affinity rules";
    public const string AffinityReason = "node(s) didn't match pod affinity rules";
    private const int HardPodAffinityWeight = 1;

    public string Name => "InterPodAffinity";

    public int Weight => 2;

    private sealed class FilterState
    {
        public readonly Dictionary<(string, string), int> ExistingAntiAffinity = [];
        public readonly Dictionary<(string, string), int> AntiAffinity = [];
        public readonly Dictionary<(string, string), int> Affinity = [];
    }

    public object? PreFilter(PodInfo pod, Snapshot snapshot)
    {
        if (pod.RequiredAffinity.Count == 0 && pod.RequiredAntiAffinity.Count == 0 && !snapshot.HasPodsWithAffinity) return null;
        var state = new FilterState();
        foreach (var node in snapshot.Nodes)
        {
            if (node.Pods.Count == 0) continue;
            foreach (var existing in node.Pods)
            {
                foreach (var term in existing.RequiredAntiAffinity)
                    if (term.Matches(pod)) Increment(state.ExistingAntiAffinity, term.TopologyKey, node);
                foreach (var term in pod.RequiredAntiAffinity)
                    if (term.Matches(existing)) Increment(state.AntiAffinity, term.TopologyKey, node);
                if (pod.RequiredAffinity.Count > 0 && MatchesAll(pod.RequiredAffinity, existing))
                    foreach (var term in pod.RequiredAffinity) Increment(state.Affinity, term.TopologyKey, node);
            }
        }
        return state;
    }

    private static bool MatchesAll(IReadOnlyList<AffinityTerm> terms, PodInfo pod)
    {
        foreach (var term in terms)
            if (!term.Matches(pod)) return false;
        return true;
    }

    private static void Increment(Dictionary<(string, string), int> counts, string key, NodeInfo node)
    {
        if (!node.Labels.TryGetValue(key, out var value)) return;
        counts[(key, value)] = counts.GetValueOrDefault((key, value)) + 1;
    }

    public bool PassesEveryNode(object? state, PodInfo pod) => state is null;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        if (state is not FilterState s) return FilterResult.Success;
        foreach (var ((key, value), count) in s.ExistingAntiAffinity)
            if (count > 0 && node.Labels.TryGetValue(key, out var have) && have == value)
                return FilterResult.Unschedulable(ExistingAntiAffinityReason);
        foreach (var term in pod.RequiredAntiAffinity)
            if (node.Labels.TryGetValue(term.TopologyKey, out var have) && s.AntiAffinity.GetValueOrDefault((term.TopologyKey, have)) > 0)
                return FilterResult.Unschedulable(AntiAffinityReason);
        if (pod.RequiredAffinity.Count > 0)
        {
            var satisfied = true;
            foreach (var term in pod.RequiredAffinity)
            {
                if (!node.Labels.TryGetValue(term.TopologyKey, out var have) || s.Affinity.GetValueOrDefault((term.TopologyKey, have)) <= 0)
                {
                    satisfied = false;
                    break;
                }
            }
            // The first pod of a group that selects itself may go anywhere the labels allow,
            // or such a group could never start.
            if (!satisfied && !(s.Affinity.Count == 0 && MatchesAll(pod.RequiredAffinity, pod) && HasAllKeys(pod.RequiredAffinity, node)))
                return FilterResult.Unresolvable(AffinityReason);
        }
        return FilterResult.Success;
    }

    private static bool HasAllKeys(IReadOnlyList<AffinityTerm> terms, NodeInfo node)
    {
        foreach (var term in terms)
            if (!node.Labels.ContainsKey(term.TopologyKey)) return false;
        return true;
    }

    public object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot)
    {
        var incoming = pod.PreferredAffinity.Count > 0 || pod.PreferredAntiAffinity.Count > 0;
        if (!incoming && !snapshot.HasPodsWithAffinity) return ScoreState.Skip;
        var scores = new Dictionary<(string, string), long>();
        foreach (var node in snapshot.Nodes)
        {
            if (node.Pods.Count == 0 || (!incoming && node.PodsWithAffinity == 0)) continue;
            foreach (var existing in node.Pods)
            {
                foreach (var term in pod.PreferredAffinity) Add(scores, term, existing, node, term.Weight);
                foreach (var term in pod.PreferredAntiAffinity) Add(scores, term, existing, node, -term.Weight);
                if (!existing.HasPodAffinity) continue;
                foreach (var term in existing.PreferredAffinity) Add(scores, term, pod, node, term.Weight);
                foreach (var term in existing.PreferredAntiAffinity) Add(scores, term, pod, node, -term.Weight);
                foreach (var term in existing.RequiredAffinity) Add(scores, term, pod, node, HardPodAffinityWeight);
            }
        }
        return scores.Count == 0 ? ScoreState.Skip : scores;
    }

    private static void Add(Dictionary<(string, string), long> scores, AffinityTerm term, PodInfo matched, NodeInfo node, int weight)
    {
        if (weight == 0 || !term.Matches(matched) || !node.Labels.TryGetValue(term.TopologyKey, out var value)) return;
        scores[(term.TopologyKey, value)] = scores.GetValueOrDefault((term.TopologyKey, value)) + weight;
    }

    public long Score(object? state, PodInfo pod, NodeInfo node)
    {
        if (state is not Dictionary<(string, string), long> scores) return 0;
        long sum = 0;
        foreach (var ((key, value), score) in scores)
            if (node.Labels.TryGetValue(key, out var have) && have == value) sum += score;
        return sum;
    }

    /// <summary>Min–max scaling: the best node 100, the worst 0; all 0 when every node scores the same.</summary>
    public void Normalize(object? state, Span<long> scores)
    {
        if (state is not Dictionary<(string, string), long> || scores.Length == 0)
        {
            scores.Clear();
            return;
        }
        long min = long.MaxValue, max = long.MinValue;
        foreach (var s in scores)
        {
            min = Math.Min(min, s);
            max = Math.Max(max, s);
        }
        var range = max - min;
        for (var i = 0; i < scores.Length; i++) scores[i] = range > 0 ? ScoreScale.MaxNodeScore * (scores[i] - min) / range : 0;
    }
}
