using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>The plugins kube-scheduler's default profile enables, in its order (the first failing filter gives a node's reason).</summary>
public static class DefaultPlugins
{
    public static IReadOnlyList<IFilterPlugin> Filters()
    {
        var taints = new TaintToleration();
        var affinity = new NodeAffinity();
        return [new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), new NodeResourcesFit(), new PodTopologySpread(), new InterPodAffinity()];
    }

    public static IReadOnlyList<IScorePlugin> Scores() =>
        [new TaintToleration(), new NodeAffinity(), new PodTopologySpread(), new InterPodAffinity(), new NodeResourcesFit(), new BalancedAllocation()];
}
