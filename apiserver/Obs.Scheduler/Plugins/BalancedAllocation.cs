using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Prefers nodes whose cpu and memory would be used in equal shares after placing the pod:
/// 100 × (1 − standard deviation of the two fractions), as NodeResourcesBalancedAllocation does.
/// </summary>
public sealed class BalancedAllocation : IScorePlugin
{
    public string Name => "NodeResourcesBalancedAllocation";

    public int Weight => 1;

    public object? PreScore(PodInfo pod, ReadOnlySpan<NodeInfo> feasible, Snapshot snapshot) => null;

    public long Score(object? state, PodInfo pod, NodeInfo node)
    {
        var cpu = Fraction(node.NonZeroRequested.MilliCpu + pod.NonZeroRequests.MilliCpu, node.Allocatable.MilliCpu);
        var memory = Fraction(node.NonZeroRequested.Memory + pod.NonZeroRequests.Memory, node.Allocatable.Memory);
        // For two values the standard deviation is half their distance.
        var deviation = Math.Abs(cpu - memory) / 2;
        return (long)((1 - deviation) * ScoreScale.MaxNodeScore);
    }

    private static double Fraction(long requested, long capacity) =>
        capacity == 0 ? 1 : Math.Min(1, (double)requested / capacity);

    public void Normalize(object? state, Span<long> scores)
    {
        // Already 0..100.
    }
}
