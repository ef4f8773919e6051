namespace Obs.NodeAgent.Eviction;

/// <summary>
/// The order in which the kubelet evicts, pure so it is tested alone. Memory and disk: pods whose
/// usage exceeds their request first (so BestEffort, which requests nothing, and Burstable pods
/// over their request), then lower priority first, then the most usage above the request.
/// Inodes: the same with no request. PIDs: lower priority first, then the most processes.
/// </summary>
public static class EvictionRanking
{
    public static IReadOnlyList<EvictionCandidate> Rank(IEnumerable<EvictionCandidate> candidates, EvictionSignal signal)
    {
        var list = candidates.ToList();
        if (signal == EvictionSignal.PidAvailable)
            return [.. list.OrderBy(c => c.Priority).ThenByDescending(c => c.Processes).ThenBy(c => c.Key, StringComparer.Ordinal)];
        return
        [
            .. list.OrderByDescending(c => c.Usage(signal) > c.RequestFor(signal))
                .ThenBy(c => c.Priority)
                .ThenByDescending(c => c.Usage(signal) - c.RequestFor(signal))
                .ThenBy(c => c.Key, StringComparer.Ordinal),
        ];
    }
}
