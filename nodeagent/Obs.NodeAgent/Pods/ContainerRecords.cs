using System.Text.Json.Nodes;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// A record per container run in its state directory (<c>run.json</c>: PID, the process's start
/// time in clock ticks since boot, restart count, start time), so an agent that restarts can tell
/// its running containers from recycled PIDs and adopt them.
/// </summary>
public static class ContainerRecords
{
    public const string FileName = "run.json";

    public static void Write(string directory, IContainerProcess process, DateTimeOffset now)
    {
        Directory.CreateDirectory(directory);
        var record = new JsonObject
        {
            ["pid"] = process.Pid,
            ["procStart"] = ProcessStartTicks(process.Pid),
            ["restartCount"] = process.RestartCount,
            ["startedAt"] = (process.State as ContainerStateRunning)?.StartedAt.ToUnixTimeMilliseconds() ?? now.ToUnixTimeMilliseconds(),
            ["bootId"] = File.Exists("/proc/sys/kernel/random/boot_id") ? File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim() : "",
        };
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".tmp", record.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Field 22 of /proc/PID/stat (start time); null when the process is gone.</summary>
    public static long? ProcessStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.TryParse(fields[19], out var ticks) ? ticks : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
