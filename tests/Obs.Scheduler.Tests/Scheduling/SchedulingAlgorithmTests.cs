using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using Obs.Scheduler.Scheduling;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Scheduling;

public sealed class SchedulingAlgorithmTests
{
    private static SchedulingAlgorithm Algorithm(int parallelism = 1, int? percentage = null) =>
        new(DefaultPlugins.Filters(), DefaultPlugins.Scores(), percentage, parallelism, new Random(1));

    [Fact]
    public void PicksTheOnlyNodeThatFits()
    {
        var snapshot = Snapshot.Of(NodeInfo("small", "1"), NodeInfo("big", "8"), NodeInfo(Node("tainted", "16", taints: """[{"key": "x", "effect": "NoSchedule"}]""")));
        var result = Algorithm().Schedule(PodInfo(Pod("p", "4")), snapshot);
        Assert.Equal("big", result.Node);
        Assert.Null(result.Error);
    }

    [Fact]
    public void ExplainsWhyNoNodeFits()
    {
        var controlPlane = """[{"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]""";
        var snapshot = Snapshot.Of(NodeInfo("worker", "2"), NodeInfo(Node("cp1", taints: controlPlane)), NodeInfo(Node("cp2", taints: controlPlane)));
        var result = Algorithm().Schedule(PodInfo(Pod("p", "3")), snapshot);
        Assert.Null(result.Node);
        Assert.Equal("0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }. "
            + "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.", result.Error!.Message);
    }

    [Fact]
    public void FiltersAPodAsksNothingOfAreLeftOutWhileTheOthersStillRefuseNodes()
    {
        const string port80 = """{"containers": [{"name": "web", "ports": [{"containerPort": 80, "hostPort": 80}]}]}""";
        var snapshot = Snapshot.Of(NodeInfo(Node("ssd", "8", labels: Labels("disk=ssd")), PodInfo(Pod("web", "100m", spec: port80))), NodeInfo("free", "2"));
        var algorithm = Algorithm();

        // One cycle leaves NodePorts and NodeAffinity out (a plain pod); the next pods need them again.
        Assert.NotNull(algorithm.Schedule(PodInfo(Pod("plain", "100m")), snapshot).Node);
        Assert.Equal("free", algorithm.Schedule(PodInfo(Pod("web-2", "100m", spec: port80)), snapshot).Node);
        Assert.Equal("ssd", algorithm.Schedule(PodInfo(Pod("db", "100m", spec: """{"nodeSelector": {"disk": "ssd"}}""")), snapshot).Node);
        var none = algorithm.Schedule(PodInfo(Pod("both", "100m", spec: """{"nodeSelector": {"disk": "ssd"}, "containers": [{"name": "web", "ports": [{"containerPort": 80, "hostPort": 80}]}]}""")), snapshot);
        Assert.Null(none.Node);
        Assert.Contains("1 node(s) didn't match Pod's node affinity/selector", none.Error!.Message);
        Assert.Contains("1 node(s) didn't have free ports for the requested pod ports", none.Error.Message);
    }

    [Fact]
    public void PrefersTheLeastAllocatedNode()
    {
        var busy = NodeInfo("busy", "4", "8Gi", PodInfo(Pod("a", "3", "6Gi")));
        var snapshot = Snapshot.Of(busy, NodeInfo("idle"));
        Assert.Equal("idle", Algorithm().Schedule(PodInfo(Pod("p", "500m", "1Gi")), snapshot).Node);
    }

    [Fact]
    public void TiesAreBrokenAtRandom()
    {
        var snapshot = Snapshot.Of(Enumerable.Range(0, 4).Select(i => NodeInfo("n" + i)));
        var algorithm = Algorithm();
        var chosen = Enumerable.Range(0, 200).Select(_ => algorithm.Schedule(PodInfo(Pod("p", "1")), snapshot).Node).ToHashSet();
        Assert.Equal(["n0", "n1", "n2", "n3"], chosen.Order());
    }

    [Fact]
    public void LargeClustersStopFilteringOnceEnoughNodesAreFeasible()
    {
        var snapshot = Snapshot.Of(Enumerable.Range(0, 1000).Select(i => NodeInfo($"n{i:D4}")));
        foreach (var parallelism in new[] { 1, 4 })
        {
            var result = Algorithm(parallelism).Schedule(PodInfo(Pod("p", "1")), snapshot);
            Assert.Equal(420, result.FeasibleNodes);
            Assert.InRange(result.EvaluatedNodes, 420, 1000 - 1);
        }
    }

    [Fact]
    public void ParallelFilteringFindsTheOneFittingNodeAndReportsEveryOther()
    {
        var nodes = Enumerable.Range(0, 999).Select(i => NodeInfo($"n{i:D4}", "1")).Append(NodeInfo("z-big", "64"));
        var snapshot = Snapshot.Of(nodes);
        var algorithm = Algorithm(parallelism: 4);
        Assert.Equal("z-big", algorithm.Schedule(PodInfo(Pod("p", "8")), snapshot).Node);
        var error = algorithm.Schedule(PodInfo(Pod("q", "128")), snapshot).Error!;
        Assert.Equal("0/1000 nodes are available: 1000 Insufficient cpu. preemption: 0/1000 nodes are available: 1000 Preemption is not helpful for scheduling.", error.Message);
    }

    [Fact]
    public void SuccessiveCyclesStartWhereTheLastStopped()
    {
        var snapshot = Snapshot.Of(Enumerable.Range(0, 1000).Select(i => NodeInfo($"n{i:D4}")));
        var algorithm = Algorithm();
        var first = algorithm.Schedule(PodInfo(Pod("p", "1")), snapshot);
        var second = algorithm.Schedule(PodInfo(Pod("p", "1")), snapshot);
        Assert.Equal(420, first.EvaluatedNodes);
        Assert.Equal(420, second.EvaluatedNodes);
    }
}
