using Obs.Scheduler.Framework;
using Obs.Scheduler.Scheduling;

namespace Obs.Scheduler.Tests.Scheduling;

public sealed class FitErrorTests
{
    [Fact]
    public void CountsReasonsSortedAsStringsWithThePreemptionVerdict()
    {
        var error = FitError.From(3,
        [
            new FilterResult(FilterCode.Unschedulable, ["Insufficient cpu"]),
            FilterResult.Unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
            FilterResult.Unresolvable("node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }"),
        ], preemptionNever: false);
        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.", error.Message);
    }

    [Fact]
    public void ANodeWithSeveralReasonsCountsInEach()
    {
        var error = FitError.From(2,
        [
            new FilterResult(FilterCode.Unschedulable, ["Insufficient cpu", "Insufficient memory"]),
            new FilterResult(FilterCode.UnschedulableAndUnresolvable, ["Insufficient cpu"]),
        ], preemptionNever: false);
        Assert.Equal("0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu. "
            + "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.", error.Message);
    }

    [Fact]
    public void PodsThatNeverPreemptSaySo()
    {
        var error = FitError.From(1, [FilterResult.Unschedulable("Insufficient cpu")], preemptionNever: true);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.", error.Message);
    }

    [Fact]
    public void NoNodesAtAll() => Assert.Equal("no nodes available to schedule pods", FitError.From(0, [], false).Message);
}
