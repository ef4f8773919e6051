using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Plugins;

public sealed class NodeResourcesFitTests
{
    private readonly NodeResourcesFit _fit = new();

    [Fact]
    public void FitsWhenRequestsAreBelowWhatIsLeft()
    {
        var node = NodeInfo("n", "2", "4Gi", PodInfo(Pod("a", "1", "1Gi")));
        Assert.True(_fit.Filter(null, PodInfo(Pod("p", "1", "3Gi")), node).IsSuccess);
    }

    [Fact]
    public void ReportsEveryInsufficientResource()
    {
        var node = NodeInfo("n", "2", "4Gi", PodInfo(Pod("a", "1500m", "3Gi")));
        var result = _fit.Filter(null, PodInfo(Pod("p", "1", "2Gi")), node);
        Assert.Equal(FilterCode.Unschedulable, result.Code);
        Assert.Equal(["Insufficient cpu", "Insufficient memory"], result.Reasons);
    }

    [Fact]
    public void AskingMoreThanTheWholeNodeIsUnresolvable()
    {
        var result = _fit.Filter(null, PodInfo(Pod("p", "3")), NodeInfo("n", "2", "4Gi"));
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, result.Code);
        Assert.Equal(["Insufficient cpu"], result.Reasons);
    }

    [Fact]
    public void CountsPodsAgainstAllocatablePods()
    {
        var node = NodeInfo(Node("n", pods: "1"), PodInfo(Pod("a")));
        Assert.Equal(["Too many pods"], _fit.Filter(null, PodInfo(Pod("p")), node).Reasons);
    }

    [Fact]
    public void ChecksEphemeralStorage()
    {
        var pod = PodInfo(Pod("p", spec: """{"containers": [{"name": "a", "resources": {"requests": {"ephemeral-storage": "200Gi"}}}]}"""));
        Assert.Equal(["Insufficient ephemeral-storage"], _fit.Filter(null, pod, NodeInfo("n")).Reasons);
    }

    [Fact]
    public void LeastAllocatedPrefersEmptierNodes()
    {
        var pod = PodInfo(Pod("p", "1", "2Gi"));
        // cpu (4000-1000)/4000 = 75, memory (8-2)/8 = 75
        Assert.Equal(75, _fit.Score(null, pod, NodeInfo("empty")));
        // cpu (4000-3000)/4000 = 25, memory (8-4)/8 = 50 → 37
        Assert.Equal(37, _fit.Score(null, pod, NodeInfo("busy", "4", "8Gi", PodInfo(Pod("a", "2", "2Gi")))));
    }

    [Fact]
    public void BalancedAllocationPrefersEqualCpuAndMemoryShares()
    {
        var balanced = new BalancedAllocation();
        Assert.Equal(100, balanced.Score(null, PodInfo(Pod("p", "1", "2Gi")), NodeInfo("n")));
        // cpu 2/4 = 0.5, memory 1/8 = 0.125: deviation 0.1875 → 81
        Assert.Equal(81, balanced.Score(null, PodInfo(Pod("p", "2", "1Gi")), NodeInfo("n")));
    }
}
