using Obs.NodeAgent.Logs;

namespace Obs.NodeAgent.Runtime;

public sealed record RuntimeOptions
{
    /// <summary>Where container logs and FIFOs live: <c>{StateDirectory}/pods/{uid}/{container}/</c>.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>The Obs cgroup root below each hierarchy's mount.</summary>
    public string CgroupRoot { get; init; } = "/obs.slice";

    /// <summary>Tasks a container may have at once (the kubelet's podPidsLimit, here per container).</summary>
    public long? PidsLimit { get; init; } = 1024;

    public long LogMaxBytes { get; init; } = 10 * 1024 * 1024;

    public int LogMaxFiles { get; init; } = 5;

    /// <summary>Off runs every pod in the host's namespaces even where the kernel would allow its own.</summary>
    public bool UseNamespaces { get; init; } = true;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    internal string ContainerDirectory(string podUid, string container) =>
        Path.Combine(StateDirectory, "pods", podUid, container);
}
