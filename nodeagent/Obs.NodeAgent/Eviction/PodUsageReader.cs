using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Eviction;

/// <summary>
/// Measures a running pod as the kubelet's stats provider would: each container's memory working
/// set from its cgroup (usage less inactive file pages, v1 or v2), or the main process's resident
/// set where there are no cgroups; its processes; its log bytes; and the pod directory's bytes and
/// inodes (logs and emptyDir volumes).
/// </summary>
internal static class PodUsageReader
{
    public static EvictionCandidate Read(PodWorker worker)
    {
        var pod = worker.Pod;
        var containers = new List<ContainerUsage>();
        string? podDirectory = null;
        foreach (var container in (pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var name = container.StringAt("name") ?? "";
            var logs = worker.LogDirectory(name);
            podDirectory ??= Path.GetDirectoryName(logs);
            if (worker.Container(name) is not { Process: { State: ContainerStateRunning } process }) continue;
            containers.Add(new ContainerUsage(name, Memory(process), DirectorySize(logs).Bytes, process.Cgroup?.Processes().Count is > 0 and var n ? n : 1));
        }
        var (bytes, inodes) = podDirectory is null ? (0, 0) : DirectorySize(podDirectory);
        return new EvictionCandidate(pod, containers, bytes, inodes);
    }

    internal static long Memory(IContainerProcess process)
    {
        if (process.Cgroup is { } cgroup)
        {
            var v2 = cgroup.Version == CgroupVersion.V2;
            var directory = v2 ? cgroup.Path : cgroup.Directories.GetValueOrDefault("memory") ?? cgroup.Path;
            var usage = ReadLong(Path.Combine(directory, v2 ? "memory.current" : "memory.usage_in_bytes"));
            if (usage is { } used)
            {
                var inactive = CgroupFiles.ReadKey(Path.Combine(directory, "memory.stat"), v2 ? "inactive_file" : "total_inactive_file") ?? 0;
                return Math.Max(0, used - inactive);
            }
        }
        return ResidentBytes(process.Pid);
    }

    /// <summary>The second field of /proc/PID/statm, in pages.</summary>
    internal static long ResidentBytes(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return fields.Length > 1 && long.TryParse(fields[1], out var pages) ? pages * Environment.SystemPageSize : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static long? ReadLong(string path)
    {
        try
        {
            return long.TryParse(File.ReadAllText(path).Trim(), out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static (long Bytes, long Inodes) DirectorySize(string directory)
    {
        long bytes = 0, inodes = 0;
        try
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 }))
            {
                inodes++;
                if (entry is FileInfo { LinkTarget: null } file) bytes += file.Length;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return (bytes, inodes);
    }

    /// <summary>Static and mirror pods and critical pods (priority of system-cluster-critical or above) are never evicted, as in the kubelet.</summary>
    public static bool IsCritical(JsonObject pod) =>
        StaticPods.StaticPodAnnotations.IsStaticOrMirror(pod) || (pod.LongAt("spec", "priority") ?? 0) >= 2_000_000_000
        || pod.StringAt("spec", "priorityClassName") is "system-node-critical" or "system-cluster-critical";

    public static string Key(JsonObject pod) => $"{ObjectMeta.Namespace(pod)}/{ObjectMeta.Name(pod)}";
}
