namespace Obs.Controllers.Autoscaling;

/// <summary>The HPA controller's settings, with kube-controller-manager's defaults.</summary>
public sealed record AutoscalingOptions
{
    /// <summary>How often every HPA is evaluated (<c>--horizontal-pod-autoscaler-sync-period</c>).</summary>
    public TimeSpan SyncPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>A usage ratio within this distance of 1.0 changes nothing (<c>--horizontal-pod-autoscaler-tolerance</c>).</summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>A pod this young has its CPU sample trusted only once it is ready and the sample was taken after that.</summary>
    public TimeSpan CpuInitializationPeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A pod that became unready within this time of starting is taken as not yet started, not as failing.</summary>
    public TimeSpan InitialReadinessDelay { get; init; } = TimeSpan.FromSeconds(30);
}
