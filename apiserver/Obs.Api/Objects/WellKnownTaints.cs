namespace Obs.Api.Objects;

/// <summary>
/// The node taint keys Kubernetes reserves (<c>node.kubernetes.io/…</c>) and the three taint effects, by the names
/// Kubernetes gives them, shared by admission defaulting, validation, the scheduler and the node controllers.
/// </summary>
public static class WellKnownTaints
{
    /// <summary>The node's Ready condition is False.</summary>
    public const string NotReady = "node.kubernetes.io/not-ready";

    /// <summary>The node's Ready condition is Unknown: its agent stopped reporting.</summary>
    public const string Unreachable = "node.kubernetes.io/unreachable";

    /// <summary>The node is cordoned (<c>spec.unschedulable</c>).</summary>
    public const string Unschedulable = "node.kubernetes.io/unschedulable";

    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    /// <summary>New pods that do not tolerate the taint are not scheduled there; pods already there stay.</summary>
    public const string NoSchedule = "NoSchedule";

    /// <summary>The scheduler avoids the node for pods that do not tolerate the taint, but may still use it.</summary>
    public const string PreferNoSchedule = "PreferNoSchedule";

    /// <summary>Pods that do not tolerate the taint are not scheduled there and are evicted from it.</summary>
    public const string NoExecute = "NoExecute";

    /// <summary>Every valid taint effect.</summary>
    public static readonly IReadOnlyList<string> Effects = [NoSchedule, PreferNoSchedule, NoExecute];
}
