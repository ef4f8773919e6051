using System.Runtime.InteropServices;
using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Eviction;

/// <summary>
/// The signals from the real machine: memory from /proc/meminfo (MemAvailable of MemTotal), the
/// state directory's filesystem bytes and inodes from statvfs, PIDs as pid_max less the tasks in
/// /proc/loadavg. The proc root is a parameter so tests can read fixtures.
/// </summary>
public sealed partial class MachineSignalSource(string stateDirectory, string procRoot = "/proc") : ISignalSource
{
    public IReadOnlyDictionary<EvictionSignal, SignalObservation> Observe()
    {
        var result = new Dictionary<EvictionSignal, SignalObservation>();
        var meminfo = MachineInfo.ReadOr(Path.Combine(procRoot, "meminfo"), "");
        if (MachineInfo.MeminfoBytes(meminfo, "MemTotal") is { } total && MachineInfo.MeminfoBytes(meminfo, "MemAvailable") is { } available)
            result[EvictionSignal.MemoryAvailable] = new SignalObservation(available, total);
        if (Filesystem(stateDirectory) is { } fs)
        {
            result[EvictionSignal.NodeFsAvailable] = new SignalObservation(fs.AvailableBytes, fs.TotalBytes);
            if (fs.TotalInodes > 0) result[EvictionSignal.NodeFsInodesFree] = new SignalObservation(fs.FreeInodes, fs.TotalInodes);
        }
        if (long.TryParse(MachineInfo.ReadOr(Path.Combine(procRoot, "sys/kernel/pid_max"), "").Trim(), out var pidMax) && pidMax > 0)
        {
            var tasks = NodePressure.ProcessCount(MachineInfo.ReadOr(Path.Combine(procRoot, "loadavg"), ""));
            result[EvictionSignal.PidAvailable] = new SignalObservation(pidMax - tasks, pidMax);
        }
        return result;
    }

    private readonly record struct FilesystemStats(long TotalBytes, long AvailableBytes, long TotalInodes, long FreeInodes);

    /// <summary>statvfs(3): on LP64 Linux every field up to f_namemax is 8 bytes (bsize, frsize, blocks, bfree, bavail, files, ffree, ...).</summary>
    private static unsafe FilesystemStats? Filesystem(string path)
    {
        var buffer = stackalloc ulong[16];
        var target = path;
        while (!Directory.Exists(target) && Path.GetDirectoryName(target) is { } parent) target = parent;
        if (statvfs(target, buffer) != 0) return null;
        var fragment = (long)buffer[1];
        return new FilesystemStats((long)buffer[2] * fragment, (long)buffer[4] * fragment, (long)buffer[5], (long)buffer[6]);
    }

    [LibraryImport("libc", EntryPoint = "statvfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int statvfs(string path, ulong* buffer);
}
