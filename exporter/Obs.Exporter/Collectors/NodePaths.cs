namespace Obs.Exporter.Collectors;

/// <summary>
/// Where the node's /proc, /sys and root filesystem are mounted, as node_exporter's
/// <c>--path.procfs</c>, <c>--path.sysfs</c> and <c>--path.rootfs</c>: a containerised agent points them at host mounts.
/// </summary>
public sealed record NodePaths(string Proc = "/proc", string Sys = "/sys", string Root = "/")
{
    public static NodePaths Default { get; } = new();

    public string ProcFile(string relative) => Path.Join(Proc, relative);

    public string SysFile(string relative) => Path.Join(Sys, relative);

    /// <summary>A path on the node as this process sees it, e.g. a mount point under <see cref="Root"/>.</summary>
    public string RootFile(string nodePath) => Root == "/" ? nodePath : Path.Join(Root, nodePath);
}
