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
    DateTimeOffset StartTime);
