namespace Obs.NodeAgent.Eviction;

/// <summary>The eviction manager's settings (the kubelet's evictionHard, housekeeping interval and evictionPressureTransitionPeriod).</summary>
public sealed record EvictionOptions
{
    public IReadOnlyList<EvictionThreshold> Thresholds { get; init; } = EvictionThresholds.Parse(null);

    /// <summary>How often signals are measured; at most one pod is evicted each time.</summary>
    public TimeSpan MonitoringInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a pressure condition stays True after its signal last crossed the threshold, so it does not flap.</summary>
    public TimeSpan PressureTransitionPeriod { get; init; } = TimeSpan.FromMinutes(5);
}
