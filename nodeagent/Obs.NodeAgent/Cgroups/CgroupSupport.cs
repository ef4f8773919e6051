namespace Obs.NodeAgent.Cgroups;

/// <summary>
/// What the machine offers: the cgroup version mounted, where each controller's hierarchy is
/// (one unified mount on v2), and whether the agent may create cgroups under its Obs root.
/// When <see cref="Usable"/> is false, <see cref="Reason"/> says why, for the node condition
/// and event that tell the user that pods run without limits.
/// </summary>
public sealed record CgroupSupport(
    CgroupVersion Version,
    bool Usable,
    string? Reason,
    string Root,
    IReadOnlyDictionary<string, string> Mounts)
{
    /// <summary>Controllers a container cgroup uses. cpuacct is v1's CPU usage accounting.</summary>
    public static readonly IReadOnlyList<string> Controllers = ["cpu", "cpuacct", "memory", "pids"];

    public static CgroupSupport Unusable(CgroupVersion version, string root, string reason) =>
        new(version, false, reason, root, new Dictionary<string, string>());
}
