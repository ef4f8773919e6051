namespace Obs.Controllers.Nodes;

/// <summary>kube-controller-manager's node-monitor settings, with its defaults.</summary>
public sealed record NodeLifecycleOptions
{
    /// <summary>How often nodes and their Leases are checked.</summary>
    public TimeSpan MonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A node whose agent has not renewed its Lease nor posted status for this long is unreachable (<c>obs controllers --node-monitor-grace-period</c>).</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(40);
}
