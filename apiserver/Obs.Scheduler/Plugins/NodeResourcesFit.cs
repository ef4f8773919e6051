using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Filter: the pod's requests fit in allocatable minus what the node's pods (bound and assumed)
/// already request. Score: Kubernetes' default LeastAllocated strategy over cpu and memory.
/// </summary>
public sealed class NodeResourcesFit : IFilterPlugin, IScorePlugin
{
    public const string TooManyPods = "Too many pods";
    public const string InsufficientCpu = "Insufficient cpu";
    public const string InsufficientMemory = "Insufficient memory";
    public const string InsufficientEphemeralStorage = "Insufficient ephemeral-storage";

    public string Name => "NodeResourcesFit";

    public int Weight => 1;

    public object? PreFilter(PodInfo pod, Snapshot snapshot) => null;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        List<string>? reasons = null;
        var unresolvable = false;
        if (node.Pods.Count + 1 > node.Allocatable.Pods) (reasons ??= []).Add(TooManyPods);
        var want = pod.Requests;
        var allocatable = node.Allocatable;
        var requested = node.Requested;
        Check(want.MilliCpu, allocatable.MilliCpu, requested.MilliCpu, InsufficientCpu, ref reasons, ref unresolvable);
        Check(want.Memory, allocatable.Memory, requested.Memory, InsufficientMemory, ref reasons, ref unresolvable);
        Check(want.EphemeralStorage, allocatable.EphemeralStorage, requested.EphemeralStorage, InsufficientEphemeralStorage, ref reasons, ref unresolvable);
        if (reasons is null) return FilterResult.Success;
        // Asking for more than the whole node has cannot be helped by preempting anything.
        return new FilterResult(unresolvable ? FilterCode.UnschedulableAndUnresolvable : FilterCode.Unschedulable, reasons);
    }

    private static void Check(long want, long allocatable, long requested, string reason, ref List<string>? reasons, ref bool unresolvable)
    {
        if (want <= 0 || want <= allocatable - requested) return;
        (reasons ??= []).Add(reason);
        if (want > allocatable) unresolvable = true;
    }

    public object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot) => null;

    /// <summary>Mean over cpu and memory of the share left free after placing the pod, 0..100.</summary>
    public long Score(object? state, PodInfo pod, NodeInfo node)
    {
        var cpu = Free(node.NonZeroRequested.MilliCpu + pod.NonZeroRequests.MilliCpu, node.Allocatable.MilliCpu);
        var memory = Free(node.NonZeroRequested.Memory + pod.NonZeroRequests.Memory, node.Allocatable.Memory);
        return (cpu + memory) / 2;
    }

    private static long Free(long requested, long capacity)
    {
        if (capacity == 0 || requested > capacity) return 0;
        return (capacity - requested) * ScoreScale.MaxNodeScore / capacity;
    }

    public void Normalize(object? state, Span<long> scores)
    {
        // Already 0..100.
    }
}
