namespace Obs.NodeAgent.Eviction;

/// <summary>
/// Which pressure conditions hold, as the kubelet decides it: a condition turns True the moment
/// one of its thresholds is crossed and stays True until the transition period has passed since
/// it was last crossed, so a signal hovering at the threshold does not make the node flap.
/// </summary>
public sealed class PressureTracker(TimeSpan transitionPeriod)
{
    private readonly Dictionary<string, DateTimeOffset> _lastObserved = new(StringComparer.Ordinal);

    /// <summary>Records the conditions whose thresholds are crossed now; returns those that were not already in force.</summary>
    public IReadOnlyList<string> Observe(IEnumerable<string> crossed, DateTimeOffset now)
    {
        var started = new List<string>();
        foreach (var condition in crossed.Distinct(StringComparer.Ordinal))
        {
            if (!InForce(condition, now)) started.Add(condition);
            _lastObserved[condition] = now;
        }
        return started;
    }

    public bool InForce(string condition, DateTimeOffset now) =>
        _lastObserved.TryGetValue(condition, out var at) && now - at < transitionPeriod;
}
