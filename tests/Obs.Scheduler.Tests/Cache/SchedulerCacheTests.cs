using Obs.Scheduler.Cache;
using Obs.Scheduler.Framework;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Cache;

public sealed class SchedulerCacheTests
{
    [Fact]
    public void AssumedPodsCountUntilForgotten()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n", "2"));
        var snapshot = new Snapshot();
        cache.Assume(PodInfo(Pod("p", "1500m")), "n");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1500, snapshot.Get("n")!.Requested.MilliCpu);
        Assert.True(cache.IsAssumed("default/p"));

        cache.Forget("default/p");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Get("n")!.Requested.MilliCpu);
        Assert.False(cache.IsPlaced("default/p"));
    }

    [Fact]
    public void TheInformerConfirmsAnAssumedPod()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("n", "2"));
        cache.Assume(PodInfo(Pod("p", "1")), "n");
        cache.AddOrUpdatePod(PodInfo(Pod("p", "1", nodeName: "n")));
        Assert.False(cache.IsAssumed("default/p"));
        cache.Forget("default/p"); // a late failure report must not remove a bound pod
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Get("n")!.Requested.MilliCpu);
        Assert.Single(snapshot.Get("n")!.Pods);
    }

    [Fact]
    public void SnapshotsAreClonesRefreshedOnlyWhereChanged()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Node("a"));
        cache.AddOrUpdateNode(Node("b"));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        var a = snapshot.Get("a");
        var b = snapshot.Get("b");
        Assert.Equal(["a", "b"], snapshot.Nodes.ToArray().Select(n => n.Name));

        cache.AddOrUpdatePod(PodInfo(Pod("p", "1", nodeName: "b")));
        Assert.Empty(b!.Pods); // the snapshot does not change under a running cycle
        cache.UpdateSnapshot(snapshot);
        Assert.Same(a, snapshot.Get("a"));
        Assert.NotSame(b, snapshot.Get("b"));
        Assert.Single(snapshot.Get("b")!.Pods);
        Assert.Same(snapshot.Get("b"), snapshot.Nodes[1]);
    }

    [Fact]
    public void PodsBoundBeforeTheirNodeIsSeenAreKeptButTheNodeIsNotOffered()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdatePod(PodInfo(Pod("p", "1", nodeName: "late")));
        var snapshot = new Snapshot();
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Count);
        cache.AddOrUpdateNode(Node("late", "2"));
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(1000, snapshot.Nodes[0].Requested.MilliCpu);

        cache.RemoveNode("late");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, snapshot.Count);
        cache.RemovePod("default/p");
        cache.UpdateSnapshot(snapshot);
        Assert.Equal(0, cache.NodeCount);
    }
}
