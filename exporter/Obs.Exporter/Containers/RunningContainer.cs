namespace Obs.Exporter.Containers;

/// <summary>
/// One container the node agent is running, as the container collector needs it. <paramref name="Id"/> is
/// cAdvisor's <c>id</c> label: the container's cgroup path below the hierarchy root
/// (<c>/obs.slice/pod&lt;uid&gt;/&lt;container&gt;</c>, the agent's <c>ContainerCgroup.RelativePath</c>).
/// </summary>
public sealed record RunningContainer(
    string Namespace,
    string Pod,
    string Container,
    string Image,
    string Id,
    CgroupPaths Cgroup,
    DateTimeOffset StartTime)
{
    /// <summary>
    /// OOM kills in this container's earlier runs, whose cgroups were removed when they ended: added to the
    /// current cgroup's count, so that <c>container_oom_events_total</c> keeps rising across restarts.
    /// </summary>
    public ulong EarlierOomKills { get; init; }

    /// <summary>
    /// The container runs no process now (it backs off before a restart, or has finished) and has no cgroup to read:
    /// only <c>container_oom_events_total</c> is written for it, from <see cref="EarlierOomKills"/>, so an OOM kill
    /// stays visible after the kill ended the container.
    /// </summary>
    public bool BetweenRuns { get; init; }
}
