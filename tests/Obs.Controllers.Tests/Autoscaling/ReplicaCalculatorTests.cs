using Obs.Controllers.Autoscaling;
using Obs.Controllers.Tests.Hosting;
using static Obs.Controllers.Tests.Autoscaling.AutoscalingPods;

namespace Obs.Controllers.Tests.Autoscaling;

/// <summary>The cases of Kubernetes' replica_calculator_test.go, in milli-units.</summary>
public sealed class ReplicaCalculatorTests
{
    private static readonly AutoscalingOptions Options = new();

    [Fact]
    public void ScalesUpToTheRatioOfUsageToTarget()
    {
        var result = ReplicaCalculator.ForUtilization(3, 30, "cpu", [Pod("a"), Pod("b"), Pod("c")], Metrics(("a", 300), ("b", 500), ("c", 700)), Options, Stores.Now);
        // 50 % of requests against a 30 % target: ceil(3 × 50/30) = 5.
        Assert.Equal(new ReplicaProposal(5, 50, 500), result);
    }

    [Fact]
    public void ScalesDown()
    {
        var pods = new[] { Pod("a"), Pod("b"), Pod("c"), Pod("d"), Pod("e") };
        var result = ReplicaCalculator.ForUtilization(5, 50, "cpu", pods, Metrics(("a", 100), ("b", 300), ("c", 500), ("d", 250), ("e", 250)), Options, Stores.Now);
        // 28 %: ceil(5 × 28/50) = 3.
        Assert.Equal(new ReplicaProposal(3, 28, 280), result);
    }

    [Fact]
    public void ChangesNothingWithinTheTolerance()
    {
        var pods = new[] { Pod("a", "900m"), Pod("b", "1"), Pod("c", "1100m") };
        var result = ReplicaCalculator.ForUtilization(3, 100, "cpu", pods, Metrics(("a", 1010), ("b", 1030), ("c", 1020)), Options, Stores.Now);
        Assert.Equal(3, result.Replicas);
        Assert.Equal(102, result.Utilization);
    }

    [Fact]
    public void AnUnreadyPodCountsAsIdleWhenScalingUp()
    {
        // a started a minute ago and is not ready: its CPU may be start-up work, so it is assumed to use nothing.
        var pods = new[] { Pod("a", ready: false, startedAgo: 60, readyAgo: 60), Pod("b"), Pod("c") };
        var result = ReplicaCalculator.ForUtilization(3, 30, "cpu", pods, Metrics(("a", 300), ("b", 500), ("c", 700)), Options, Stores.Now);
        // Ready pods use 60 %; with a at zero, 1200 of 3000 = 40 %: ceil(3 × 40/30) = 4, not 6.
        Assert.Equal(4, result.Replicas);
        Assert.Equal(60, result.Utilization);
    }

    [Fact]
    public void APendingPodDoesNotHoldBackAScaleDown()
    {
        var pods = new[] { Pod("a"), Pod("b"), Pod("c", phase: "Pending") };
        var result = ReplicaCalculator.ForUtilization(3, 50, "cpu", pods, Metrics(("a", 100), ("b", 100)), Options, Stores.Now);
        Assert.Equal(1, result.Replicas);
    }

    [Fact]
    public void APodWithoutASampleIsAssumedAtItsRequestWhenScalingDown()
    {
        var pods = new[] { Pod("a"), Pod("b"), Pod("c"), Pod("missing") };
        var result = ReplicaCalculator.ForUtilization(4, 50, "cpu", pods, Metrics(("a", 100), ("b", 100), ("c", 100)), Options, Stores.Now);
        // 10 % measured; with the missing pod at 100 %: 1300 of 4000 = 32 %, ceil(4 × 32/50) = 3 rather than 1.
        Assert.Equal(3, result.Replicas);
    }

    [Fact]
    public void APodWithoutASampleIsAssumedIdleWhenScalingUp()
    {
        var pods = new[] { Pod("a"), Pod("b"), Pod("c"), Pod("missing") };
        var result = ReplicaCalculator.ForUtilization(4, 50, "cpu", pods, Metrics(("a", 1000), ("b", 1000), ("c", 1000)), Options, Stores.Now);
        // 100 % measured; with the missing pod at 0: 75 %, ceil(4 × 75/50) = 6 rather than 8.
        Assert.Equal(6, result.Replicas);
    }

    [Fact]
    public void NoChangeWhenTheMissingPodWouldFlipTheDirection()
    {
        var pods = new[] { Pod("a"), Pod("missing") };
        // 60 % against 50 % is a scale up, but with the missing pod at 0 it becomes 30 %: nothing is done.
        var result = ReplicaCalculator.ForUtilization(2, 50, "cpu", pods, Metrics(("a", 600)), Options, Stores.Now);
        Assert.Equal(2, result.Replicas);
    }

    [Fact]
    public void DeletedAndFailedPodsAreIgnored()
    {
        var deleted = Pod("gone");
        deleted["metadata"]!["deletionTimestamp"] = Stores.At(5);
        var pods = new[] { Pod("a"), Pod("b"), deleted, Pod("failed", phase: "Failed") };
        var result = ReplicaCalculator.ForUtilization(2, 50, "cpu", pods, Metrics(("a", 1000), ("b", 1000), ("gone", 0), ("failed", 0)), Options, Stores.Now);
        Assert.Equal(4, result.Replicas);
    }

    [Fact]
    public void AContainerWithoutARequestMakesUtilizationImpossible()
    {
        var error = Assert.Throws<MetricsUnavailableException>(() =>
            ReplicaCalculator.ForUtilization(2, 50, "cpu", [Pod("a"), Pod("bare", cpuRequest: null)], Metrics(("a", 100), ("bare", 100)), Options, Stores.Now));
        Assert.Equal("missing request for cpu in container c of Pod bare", error.Message);
    }

    [Fact]
    public void NoSamplesAtAllIsAnError()
    {
        var error = Assert.Throws<MetricsUnavailableException>(() => ReplicaCalculator.ForUtilization(2, 50, "cpu", [Pod("a"), Pod("b")], Metrics(), Options, Stores.Now));
        Assert.Equal("did not receive metrics for targeted pods (pods might be unready)", error.Message);
        var none = Assert.Throws<MetricsUnavailableException>(() => ReplicaCalculator.ForUtilization(2, 50, "cpu", [], Metrics(), Options, Stores.Now));
        Assert.Equal("no pods returned by selector while calculating replica count", none.Message);
    }

    [Fact]
    public void AverageValueTargetsNeedNoRequests()
    {
        const long Mi = 1024L * 1024 * 1000;
        var pods = new[] { Pod("a", cpuRequest: null), Pod("b", cpuRequest: null) };
        var result = ReplicaCalculator.ForAverageValue(2, 100 * Mi, "memory", pods, Metrics(("a", 200 * Mi), ("b", 400 * Mi)), Options, Stores.Now);
        // 300Mi on average against 100Mi: ceil(2 × 3) = 6.
        Assert.Equal(new ReplicaProposal(6, null, 300 * Mi), result);
    }
}
