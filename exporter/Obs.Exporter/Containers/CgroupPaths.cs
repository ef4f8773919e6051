namespace Obs.Exporter.Containers;

/// <summary>
/// Where one container's cgroup lives: one directory in the unified hierarchy (cgroup v2), or one per
/// controller (cgroup v1, where cpu and cpuacct may share a directory). A v1 controller that is not
/// mounted is null, and its metrics are left out.
/// </summary>
public sealed record CgroupPaths
{
    private CgroupPaths(bool isUnified, string? cpu, string? cpuacct, string? memory, string? pids)
    {
        IsUnified = isUnified;
        Cpu = cpu;
        Cpuacct = cpuacct;
        Memory = memory;
        Pids = pids;
    }

    /// <summary>True on cgroup v2: every controller's files are in the one directory.</summary>
    public bool IsUnified { get; }

    public string? Cpu { get; }

    public string? Cpuacct { get; }

    public string? Memory { get; }

    public string? Pids { get; }

    public static CgroupPaths Unified(string directory) => new(true, directory, directory, directory, directory);

    public static CgroupPaths PerController(string? cpu, string? cpuacct, string? memory, string? pids) =>
        new(false, cpu, cpuacct, memory, pids);

    /// <summary>
    /// From the node agent's controller-to-directory map (<c>ContainerCgroup.Directories</c>): a <c>unified</c>
    /// entry means v2, otherwise the <c>cpu</c>, <c>cpuacct</c>, <c>memory</c> and <c>pids</c> entries.
    /// </summary>
    public static CgroupPaths FromDirectories(IReadOnlyDictionary<string, string> directories)
    {
        ArgumentNullException.ThrowIfNull(directories);
        if (directories.TryGetValue("unified", out var unified))
        {
            return Unified(unified);
        }
        return PerController(Get("cpu"), Get("cpuacct") ?? Get("cpu"), Get("memory"), Get("pids"));

        string? Get(string controller) => directories.TryGetValue(controller, out var directory) ? directory : null;
    }
}
