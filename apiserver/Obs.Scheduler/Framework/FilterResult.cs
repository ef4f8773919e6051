namespace Obs.Scheduler.Framework;

/// <summary>Why a node does not fit a pod: a code and the reasons shown to users ("Insufficient cpu").</summary>
public readonly record struct FilterResult(FilterCode Code, IReadOnlyList<string>? Reasons)
{
    public static FilterResult Success => default;

    public bool IsSuccess => Code == FilterCode.Success;

    public static FilterResult Unschedulable(string reason) => new(FilterCode.Unschedulable, [reason]);

    public static FilterResult Unresolvable(string reason) => new(FilterCode.UnschedulableAndUnresolvable, [reason]);

    /// <summary>
    /// The pod itself cannot go anywhere (kube-scheduler's PreFilter rejection, such as a missing
    /// claim): the reason is said once, not counted per node.
    /// </summary>
    public static FilterResult Rejected(string reason) => new(FilterCode.UnschedulableAndUnresolvable, [reason]) { WholePod = true };

    public bool WholePod { get; init; }
}
