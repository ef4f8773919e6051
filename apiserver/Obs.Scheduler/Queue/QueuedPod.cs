using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Queue;

/// <summary>A pending pod in the scheduling queue, with its attempts so far (for backoff).</summary>
public sealed class QueuedPod(PodInfo pod, DateTimeOffset added)
{
    public PodInfo Pod { get; internal set; } = pod;

    public string Key => Pod.Key;

    /// <summary>When the pod entered the queue; earlier pods of the same priority go first.</summary>
    public DateTimeOffset Added { get; internal set; } = added;

    public int Attempts { get; internal set; }

    /// <summary>The queue's scheduling cycle when this pod was popped.</summary>
    internal long Cycle { get; set; }

    internal DateTimeOffset BackoffUntil { get; set; }

    internal DateTimeOffset UnschedulableSince { get; set; }
}
