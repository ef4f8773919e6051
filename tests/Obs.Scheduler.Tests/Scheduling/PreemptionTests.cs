using Obs.Scheduler.Framework;
using Obs.Scheduler.Plugins;
using Obs.Scheduler.Scheduling;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Scheduling;

public sealed class PreemptionTests
{
    private static PodInfo WithPriority(string name, string cpu, int priority) =>
        PodInfo(Pod(name, cpu, spec: """{"priority": @}""".Replace("@", priority.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static Preemption? Preempt(PodInfo pod, Snapshot snapshot)
    {
        var algorithm = new SchedulingAlgorithm(DefaultPlugins.Filters(), DefaultPlugins.Scores(), parallelism: 1);
        Assert.Null(algorithm.Schedule(pod, snapshot).Node);
        return algorithm.FindPreemption(pod, snapshot);
    }

    [Fact]
    public void PicksTheNodeWithTheLeastImportantVictimsAndKeepsThoseNotNeeded()
    {
        var a = NodeInfo("a", "4", "8Gi", WithPriority("a-low", "2", 10), WithPriority("a-mid", "2", 500));
        var b = NodeInfo("b", "4", "8Gi", WithPriority("b-low", "1", 5), WithPriority("b-low2", "1", 5), WithPriority("b-keep", "2", 1));
        var preemption = Preempt(WithPriority("critical", "2", 1000), Snapshot.Of(a, b));
        Assert.NotNull(preemption);
        Assert.Equal("b", preemption.Node);
        // Evicting b-keep (priority 1) alone frees 2 cpu; the two priority-5 pods stay.
        Assert.Equal(["b-keep"], preemption.Victims.Select(v => v.Name));
    }

    [Fact]
    public void NeverPreemptsPodsOfEqualOrHigherPriority()
    {
        var node = NodeInfo("a", "2", "8Gi", WithPriority("peer", "2", 100));
        Assert.Null(Preempt(WithPriority("p", "1", 100), Snapshot.Of(node)));
    }

    [Fact]
    public void NodesThatPreemptionCannotHelpAreSkipped()
    {
        var tainted = NodeInfo(Node("t", "8", taints: """[{"key": "x", "effect": "NoSchedule"}]"""), WithPriority("low", "8", 0));
        Assert.Null(Preempt(WithPriority("p", "4", 100), Snapshot.Of(tainted)));
    }
}
