using Obs.NodeAgent.Cgroups;
using Obs.NodeAgent.Eviction;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Metrics;

/// <summary>
/// Cumulative CPU seconds and memory working set, read as the kubelet's resource analyzer reads
/// them: a container from its cgroup (v2 <c>cpu.stat usage_usec</c>, v1 <c>cpuacct.usage</c>), or
/// from its main process in /proc where the agent runs without cgroups; the node from
/// <c>/proc/stat</c> and <c>/proc/meminfo</c>. Pure parsers are separate so tests feed them text.
/// </summary>
internal static class ResourceUsage
{
    /// <summary>USER_HZ: the unit of /proc/stat and /proc/PID/stat times on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    public static double? ContainerCpuSeconds(IContainerProcess process, string procRoot)
    {
        if (process.Cgroup is { } cgroup)
        {
            if (cgroup.Version == CgroupVersion.V2)
            {
                if (CgroupFiles.ReadKey(Path.Combine(cgroup.Directories["unified"], "cpu.stat"), "usage_usec") is { } micros) return micros / 1e6;
            }
            else if (cgroup.Directories.GetValueOrDefault("cpuacct") is { } cpuacct && ReadText(Path.Combine(cpuacct, "cpuacct.usage")) is { } text
                     && long.TryParse(text.Trim(), out var nanos))
            {
                return nanos / 1e9;
            }
        }
        return ReadText(Path.Combine(procRoot, process.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat")) is { } stat ? ProcessCpuSeconds(stat) : null;
    }

    public static long ContainerMemoryBytes(IContainerProcess process) => PodUsageReader.Memory(process);

    /// <summary>utime + stime + cutime + cstime of <c>/proc/PID/stat</c> (fields 14–17), in seconds.</summary>
    public static double? ProcessCpuSeconds(string stat)
    {
        // The command name may hold spaces and parentheses: fields are counted after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0) return null;
        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // After ')' comes field 3 (state), so field N is at index N - 3.
        if (fields.Length < 15) return null;
        double ticks = 0;
        for (var i = 11; i <= 14; i++)
        {
            if (!long.TryParse(fields[i], out var value)) return null;
            ticks += value;
        }
        return ticks / TicksPerSecond;
    }

    /// <summary>
    /// Busy time of the aggregate <c>cpu</c> line of /proc/stat: user, nice, system, irq, softirq and
    /// steal (guest time is already inside user), in seconds; idle and iowait are not usage.
    /// </summary>
    public static double? NodeCpuSeconds(string procStat)
    {
        foreach (var line in procStat.Split('\n'))
        {
            if (!line.StartsWith("cpu ", StringComparison.Ordinal)) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => fields.Length > i && long.TryParse(fields[i], out var v) ? v : 0;
            return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
        }
        return null;
    }

    /// <summary>MemTotal less MemAvailable: the memory the node cannot hand out without reclaiming, its working set.</summary>
    public static long? NodeMemoryBytes(string meminfo) =>
        Node.MachineInfo.MeminfoBytes(meminfo, "MemTotal") is { } total && Node.MachineInfo.MeminfoBytes(meminfo, "MemAvailable") is { } available
            ? Math.Max(0, total - available)
            : null;

    public static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
