namespace Obs.Scheduler.Queue;

/// <summary>Timing of the scheduling queue; the defaults are kube-scheduler's.</summary>
public sealed record SchedulingQueueOptions
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An unschedulable pod is retried after this long even if nothing changed.</summary>
    public TimeSpan MaxUnschedulableDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often backoff and unschedulable pods are checked.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
