using Obs.Scheduler.Queue;

namespace Obs.Scheduler.Scheduling;

/// <summary>How the scheduler runs; the defaults are kube-scheduler's where it has one.</summary>
public sealed record SchedulerOptions
{
    /// <summary>Pods whose spec.schedulerName is this are ours.</summary>
    public string SchedulerName { get; init; } = "default-scheduler";

    /// <summary>Null: adaptive (50% − nodes/125, at least 5%, at least 100 nodes).</summary>
    public int? PercentageOfNodesToScore { get; init; }

    /// <summary>Threads filtering nodes; 0: one per processor.</summary>
    public int Parallelism { get; init; }

    /// <summary>Bindings in flight at once; when all are taken, scheduling waits (backpressure on the apiserver).</summary>
    public int MaxConcurrentBinds { get; init; } = 64;

    /// <summary>
    /// Events are written through a client of their own at this rate (burst <see cref="EventBurst"/>);
    /// in a burst of scheduling they queue and, past the recorder's queue, are dropped, as
    /// client-go's broadcaster drops them, rather than slow the bindings.
    /// </summary>
    public double EventQps { get; init; } = 50;

    public int EventBurst { get; init; } = 100;

    public SchedulingQueueOptions Queue { get; init; } = new();

    /// <summary>Names this process in events (reportingInstance) and in the Lease.</summary>
    public string Identity { get; init; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    public string LeaseNamespace { get; init; } = "kube-system";
    public string LeaseName { get; init; } = "obs-scheduler";

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
