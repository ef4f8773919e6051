using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Scheduling;

/// <summary>
/// One pod against a snapshot: filter nodes (in parallel chunks on big clusters, stopping once
/// enough feasible nodes are found, starting where the last pod stopped so that every node gets
/// its turn), score the feasible ones, pick the best with ties broken at random. Used by one
/// scheduling loop at a time: its buffers are reused from pod to pod.
/// </summary>
public sealed class SchedulingAlgorithm(
    IReadOnlyList<IFilterPlugin> filters,
    IReadOnlyList<IScorePlugin> scores,
    int? percentageOfNodesToScore = null,
    int parallelism = 0,
    Random? random = null)
{
    // Nodes filtered on the scheduling thread before others are asked to help.
    private const int SequentialNodes = 512;

    private readonly int _parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount;
    private readonly Random _random = random ?? new Random();
    private NodeInfo[] _feasible = [];
    private FilterResult[] _results = [];
    private long[] _raw = [];
    private long[] _total = [];
    private int _nextStart;
    private object?[] _lastStates = [];
    // The filters this pod's cycle runs: those that might refuse some node.
    private readonly int[] _active = new int[filters.Count];
    private int _activeCount;

    public ScheduleResult Schedule(PodInfo pod, Snapshot snapshot)
    {
        var nodes = snapshot.Nodes;
        var all = nodes.Length;
        if (all == 0) return new ScheduleResult(null, new FitError(0, new Dictionary<string, int>(), null), 0, 0);
        EnsureCapacity(all);

        var states = new object?[filters.Count];
        _activeCount = 0;
        for (var i = 0; i < filters.Count; i++)
        {
            states[i] = filters[i].PreFilter(pod, snapshot);
            if (!filters[i].PassesEveryNode(states[i], pod)) _active[_activeCount++] = i;
        }
        _lastStates = states;

        var toFind = FeasibleNodes.ToFind(all, percentageOfNodesToScore);
        // Most pods find enough nodes in the first few hundred, where threads cost more than they
        // save; a pod that most nodes refuse (a selective nodeSelector, a full cluster) has the rest
        // of the cluster filtered in parallel.
        var sequential = _parallelism > 1 ? Math.Min(all, SequentialNodes) : all;
        var (found, processed) = FilterSequential(pod, nodes, states, toFind, sequential);
        if (found < toFind && processed < all)
        {
            var (more, rest) = FilterParallel(pod, snapshot, states, toFind, found, processed);
            found = more;
            processed += rest;
        }
        _nextStart = (_nextStart + processed) % all;

        if (found == 0)
        {
            var failures = new List<FilterResult>(all);
            for (var i = 0; i < all; i++)
                if (!_results[i].IsSuccess) failures.Add(_results[i]);
            var never = pod.PreemptionPolicy == "Never";
            return new ScheduleResult(null, FitError.From(all, failures, never), processed, 0);
        }
        var feasible = _feasible.AsSpan(0, found);
        if (found == 1) return new ScheduleResult(feasible[0].Name, null, processed, 1);
        return new ScheduleResult(Select(pod, feasible, snapshot), null, processed, found);
    }

    /// <summary>
    /// After <see cref="Schedule"/> found no node for <paramref name="pod"/> in <paramref name="snapshot"/>:
    /// the node where deleting the fewest and least important pods of lower priority would make it
    /// fit, as kube-scheduler's DefaultPreemption picks it (only nodes that failed for reasons
    /// removing pods can change; victims are kept back, highest priority first, while the pod
    /// still fits). Null when no such node exists.
    /// </summary>
    public Preemption? FindPreemption(PodInfo pod, Snapshot snapshot)
    {
        var nodes = snapshot.Nodes;
        Preemption? best = null;
        (int MaxPriority, long Sum, int Count) bestRank = default;
        for (var i = 0; i < nodes.Length; i++)
        {
            if (_results[i].Code != FilterCode.Unschedulable) continue;
            var node = nodes[i];
            var lower = new List<PodInfo>();
            foreach (var existing in node.Pods)
                if (existing.Priority < pod.Priority && !existing.IsTerminating) lower.Add(existing);
            if (lower.Count == 0) continue;
            var trial = node.Clone();
            foreach (var victim in lower) trial.RemovePod(victim.Key);
            if (!RunFilters(pod, trial, _lastStates).IsSuccess) continue;
            var victims = new List<PodInfo>();
            foreach (var candidate in lower.OrderByDescending(p => p.Priority))
            {
                trial.AddPod(candidate);
                if (RunFilters(pod, trial, _lastStates).IsSuccess) continue;
                trial.RemovePod(candidate.Key);
                victims.Add(candidate);
            }
            var rank = (victims.Max(v => v.Priority), victims.Sum(v => (long)v.Priority), victims.Count);
            if (best is null || rank.CompareTo(bestRank) < 0)
            {
                best = new Preemption(node.Name, victims);
                bestRank = rank;
            }
        }
        return best;
    }

    private void EnsureCapacity(int all)
    {
        if (_feasible.Length >= all) return;
        _feasible = new NodeInfo[all];
        _results = new FilterResult[all];
        _raw = new long[all];
        _total = new long[all];
    }

    private FilterResult RunFilters(PodInfo pod, NodeInfo node, object?[] states)
    {
        for (var a = 0; a < _activeCount; a++)
        {
            var i = _active[a];
            var result = filters[i].Filter(states[i], pod, node);
            if (!result.IsSuccess) return result;
        }
        return FilterResult.Success;
    }

    private (int Found, int Processed) FilterSequential(PodInfo pod, ReadOnlySpan<NodeInfo> nodes, object?[] states, int toFind, int limit)
    {
        var found = 0;
        var all = nodes.Length;
        for (var i = 0; i < limit; i++)
        {
            var index = (_nextStart + i) % all;
            var result = RunFilters(pod, nodes[index], states);
            _results[index] = result;
            if (!result.IsSuccess) continue;
            _feasible[found++] = nodes[index];
            if (found >= toFind) return (found, i + 1);
        }
        return (found, limit);
    }

    /// <summary>Filters positions <paramref name="from"/>.. in parallel chunks, adding to the <paramref name="found"/> nodes already feasible.</summary>
    private (int Found, int Processed) FilterParallel(PodInfo pod, Snapshot snapshot, object?[] states, int toFind, int found, int from)
    {
        var all = snapshot.Count;
        var remaining = all - from;
        var chunk = Math.Max(16, remaining / (_parallelism * 8));
        var chunks = (remaining + chunk - 1) / chunk;
        var processed = 0;
        var start = _nextStart + from;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, (c, loop) =>
        {
            var nodes = snapshot.Nodes;
            var end = Math.Min(remaining, (c + 1) * chunk);
            for (var i = c * chunk; i < end; i++)
            {
                if (Volatile.Read(ref found) >= toFind)
                {
                    loop.Stop();
                    return;
                }
                var index = (start + i) % all;
                var result = RunFilters(pod, nodes[index], states);
                _results[index] = result;
                Interlocked.Increment(ref processed);
                if (!result.IsSuccess) continue;
                var slot = Interlocked.Increment(ref found) - 1;
                if (slot < toFind) _feasible[slot] = nodes[index];
            }
        });
        found = Math.Min(found, toFind);
        // With nothing feasible every node was filtered, so every result is filled in.
        if (found == 0) processed = remaining;
        return (found, processed);
    }

    private string Select(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot)
    {
        var count = feasible.Length;
        var total = _total.AsSpan(0, count);
        var raw = _raw.AsSpan(0, count);
        total.Clear();
        foreach (var plugin in scores)
        {
            var state = plugin.PreScore(pod, feasible, snapshot);
            if (ReferenceEquals(state, ScoreState.Skip)) continue; // the same for every node: it cannot change the choice
            for (var i = 0; i < count; i++) raw[i] = plugin.Score(state, pod, feasible[i]);
            plugin.Normalize(state, raw);
            for (var i = 0; i < count; i++) total[i] += raw[i] * plugin.Weight;
        }
        // Reservoir sampling over the best: every node tied for the top score is equally likely.
        var best = 0;
        var ties = 1;
        for (var i = 1; i < count; i++)
        {
            if (total[i] > total[best])
            {
                best = i;
                ties = 1;
            }
            else if (total[i] == total[best] && _random.Next(++ties) == 0)
            {
                best = i;
            }
        }
        return feasible[best].Name;
    }
}
