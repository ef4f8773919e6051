namespace Obs.Controllers.Hosting;

/// <summary>How the controller manager runs: workers per controller and its leader election.</summary>
public sealed record ControllerManagerOptions
{
    /// <summary>This candidate's name in the Lease; unique per process.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>Concurrent syncs per controller (kube-controller-manager's --concurrent-*-syncs).</summary>
    public int Workers { get; init; } = 5;

    /// <summary>False runs the controllers at once, without a Lease (one process, or tests).</summary>
    public bool LeaderElection { get; init; } = true;

    public string LeaseNamespace { get; init; } = "kube-system";
    public string LeaseName { get; init; } = "obs-controller-manager";
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Every object is handed to its controllers again this often, to catch what no event changed.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How node heartbeats are watched (unreachable after 40 s by default).</summary>
    public Nodes.NodeLifecycleOptions NodeLifecycle { get; init; } = new();

    /// <summary>The horizontal pod autoscaler's sync period and tolerance.</summary>
    public Autoscaling.AutoscalingOptions Autoscaling { get; init; } = new();
}
