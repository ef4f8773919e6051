namespace Obs.Scheduler.Framework;

/// <summary>A filter's verdict, with Kubernetes' distinction of whether preempting pods could change it.</summary>
public enum FilterCode
{
    Success,

    /// <summary>Does not fit now; removing pods from the node might make it fit.</summary>
    Unschedulable,

    /// <summary>Does not fit, and no preemption would change that (labels, taints, the node name).</summary>
    UnschedulableAndUnresolvable,
}
