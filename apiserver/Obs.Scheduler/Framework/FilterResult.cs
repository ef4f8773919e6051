namespace Obs.Scheduler.Framework;

/// <summary>Why a node does not fit a pod: a code and the reasons shown to users ("Insufficient cpu").</summary>
public readonly record struct FilterResult(FilterCode Code, IReadOnlyList<string>? Reasons)
{
    public static FilterResult Success => default;

    public bool IsSuccess => Code == FilterCode.Success;

    public static FilterResult Unschedulable(string reason) => new(FilterCode.Unschedulable, [reason]);

    public static FilterResult Unresolvable(string reason) => new(FilterCode.UnschedulableAndUnresolvable, [reason]);
}
