namespace Obs.NodeAgent.Node;

/// <summary>
/// The machine's pressure now, against the kubelet's default hard eviction thresholds:
/// memory.available &lt; 100Mi, nodefs.available &lt; 10%, and PIDs in use above 90% of pid_max.
/// </summary>
public sealed record NodePressure(long MemoryAvailableBytes, long DiskAvailableBytes, long DiskTotalBytes, long PidsInUse, long PidMax)
{
    public const long MemoryThresholdBytes = 100L * 1024 * 1024;

    public bool Memory => MemoryAvailableBytes < MemoryThresholdBytes;

    public bool Disk => DiskTotalBytes > 0 && DiskAvailableBytes * 10 < DiskTotalBytes;

    public bool Pids => PidMax > 0 && PidsInUse * 10 > PidMax * 9;

    public static NodePressure Read(string stateDirectory, string procRoot = "/proc")
    {
        var meminfo = MachineInfo.ReadOr(Path.Combine(procRoot, "meminfo"), "");
        var available = MachineInfo.MeminfoBytes(meminfo, "MemAvailable") ?? long.MaxValue;
        var pids = ProcessCount(MachineInfo.ReadOr(Path.Combine(procRoot, "loadavg"), ""));
        long.TryParse(MachineInfo.ReadOr(Path.Combine(procRoot, "sys/kernel/pid_max"), "").Trim(), out var pidMax);
        return new NodePressure(available, MachineInfo.DiskAvailable(stateDirectory), MachineInfo.DiskTotal(stateDirectory), pids, pidMax);
    }

    /// <summary>The total of "running/total" in /proc/loadavg: every task on the machine.</summary>
    public static long ProcessCount(string loadavg)
    {
        var fields = loadavg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4) return 0;
        var slash = fields[3].IndexOf('/');
        return slash > 0 && long.TryParse(fields[3][(slash + 1)..], out var total) ? total : 0;
    }
}
