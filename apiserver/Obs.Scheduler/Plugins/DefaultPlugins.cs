using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>The plugins kube-scheduler's default profile enables, in its order (the first failing filter gives a node's reason).</summary>
public static class DefaultPlugins
{
    /// <summary>With <paramref name="volumes"/> (claim and volume lookups) the VolumeBinding filter is included.</summary>
    public static IReadOnlyList<IFilterPlugin> Filters(VolumeBinding? volumes = null)
    {
        List<IFilterPlugin> filters = [new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeAffinity(), new NodePorts(), new NodeResourcesFit()];
        if (volumes is not null) filters.Add(volumes);
        filters.Add(new PodTopologySpread());
        filters.Add(new InterPodAffinity());
        return filters;
    }

    public static IReadOnlyList<IScorePlugin> Scores() =>
        [new TaintToleration(), new NodeAffinity(), new PodTopologySpread(), new InterPodAffinity(), new NodeResourcesFit(), new BalancedAllocation()];
}
