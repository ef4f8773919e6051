using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Runtime;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// A record per container run in its state directory (<c>run.json</c>: PID, the process's start
/// time in clock ticks since boot, the boot ID, restart count, start time and host ports), and
/// one per pod sandbox (<c>sandbox.json</c>), so an agent that restarts can tell its running
/// containers from recycled PIDs and adopt them.
/// </summary>
public static class ContainerRecords
{
    public const string FileName = "run.json";
    public const string SandboxFileName = "sandbox.json";

    public sealed record Run(int Pid, long ProcStart, string BootId, int RestartCount, DateTimeOffset StartedAt, List<(string? Name, int Declared, int Assigned)> Ports)
    {
        /// <summary>The process keeping the container's terminal open (<see cref="Native.TerminalHolder"/>), for a container on one.</summary>
        public (int Pid, long ProcStart)? TerminalHolder { get; init; }

        /// <summary>The same process still runs: same PID, same start time, same boot.</summary>
        public bool Alive => BootId == CurrentBootId() && SameProcessRuns(Pid, ProcStart);
    }

    public static void Write(string directory, IContainerProcess process, DateTimeOffset now, IReadOnlyList<(string? Name, int Declared, int Assigned)>? ports = null)
    {
        var record = new JsonObject
        {
            ["pid"] = process.Pid,
            ["procStart"] = ProcessStartTicks(process.Pid),
            ["bootId"] = CurrentBootId(),
            ["restartCount"] = process.RestartCount,
            ["startedAt"] = (process.State as ContainerStateRunning)?.StartedAt.ToUnixTimeMilliseconds() ?? now.ToUnixTimeMilliseconds(),
            ["ports"] = new JsonArray((ports ?? []).Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["declared"] = p.Declared, ["assigned"] = p.Assigned }).ToArray()),
        };
        if (process.Console?.Holder is { } holder) record["terminalHolder"] = new JsonObject { ["pid"] = holder.Pid, ["procStart"] = holder.ProcStart };
        Save(Path.Combine(directory, FileName), record);
    }

    public static Run? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject json) return null;
            var ports = (json["ports"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(p => (p.StringAt("name"), (int)(p.LongAt("declared") ?? 0), (int)(p.LongAt("assigned") ?? 0))).ToList();
            return new Run((int)(json.LongAt("pid") ?? 0), json.LongAt("procStart") ?? -1, json.StringAt("bootId") ?? "",
                (int)(json.LongAt("restartCount") ?? 0), DateTimeOffset.FromUnixTimeMilliseconds(json.LongAt("startedAt") ?? 0), ports)
            {
                TerminalHolder = json.LongAt("terminalHolder", "pid") is { } holder && json.LongAt("terminalHolder", "procStart") is { } start ? ((int)holder, start) : null,
            };
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static void WriteSandbox(string podDirectory, int initPid)
    {
        if (initPid <= 0) return;
        Save(Path.Combine(podDirectory, SandboxFileName), new JsonObject { ["initPid"] = initPid, ["procStart"] = ProcessStartTicks(initPid), ["bootId"] = CurrentBootId() });
    }

    /// <summary>The sandbox's PID 1 when it still runs: killing it ends the pod's PID namespace.</summary>
    public static int? LiveSandboxPid(string podDirectory) => LiveSandbox(podDirectory)?.Pid;

    /// <summary>The sandbox's namespace holder and its start time, when the same process still runs.</summary>
    public static (int Pid, long ProcStart)? LiveSandbox(string podDirectory)
    {
        try
        {
            if (JsonNode.Parse(File.ReadAllText(Path.Combine(podDirectory, SandboxFileName))) is not JsonObject json) return null;
            var pid = (int)(json.LongAt("initPid") ?? 0);
            var procStart = json.LongAt("procStart") ?? -1;
            return pid > 0 && json.StringAt("bootId") == CurrentBootId() && SameProcessRuns(pid, procStart) ? (pid, procStart) : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static void Save(string path, JsonObject record)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", record.ToJsonString());
        File.Move(path + ".tmp", path, overwrite: true);
    }

    public static string CurrentBootId()
    {
        try { return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim(); }
        catch (IOException) { return ""; }
    }

    /// <summary>
    /// The process that had <paramref name="procStart"/> as its start time still runs under <paramref name="pid"/>: not a
    /// later process given the PID again, and not a zombie waiting for its parent.
    /// </summary>
    public static bool SameProcessRuns(int pid, long procStart) => ProcessStartTicks(pid) == procStart && !Zombie(pid);

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

    public static bool Zombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat.LastIndexOf(')') + 2;
            return state < stat.Length && stat[state] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
