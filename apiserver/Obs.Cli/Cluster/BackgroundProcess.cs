using System.Diagnostics;
using System.Globalization;

namespace Obs.Cli.Cluster;

/// <summary>
/// A component of the local cluster running in the background, in its own session, with its
/// output in a log file and its PID in a pid file. Stopped only by that PID.
/// </summary>
public sealed class BackgroundProcess(string name, string pidFile, string logFile)
{
    public string Name { get; } = name;

    public int? Pid
    {
        get
        {
            if (!File.Exists(pidFile)) return null;
            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return null;
            return IsAlive(pid) ? pid : null;
        }
    }

    /// <summary>Starts the command detached from this terminal; returns its PID.</summary>
    public int Start(string executable, IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pidFile)!);
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var command = string.Join(' ', new[] { executable }.Concat(args).Select(Quote));
        // setsid puts the component in its own session, so it outlives the shell that ran `obs up`.
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"setsid {command} >> {Quote(logFile)} 2>&1 < /dev/null & echo $!"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var shell = Process.Start(start)!;
        var pid = int.Parse(shell.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        shell.WaitForExit();
        File.WriteAllText(pidFile, pid.ToString(CultureInfo.InvariantCulture));
        return pid;
    }

    /// <summary>Sends SIGTERM and waits for the process to exit; SIGKILL after the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (Pid is not { } pid) return;
        Signal(pid, "TERM");
        var deadline = DateTime.UtcNow + timeout;
        while (IsAlive(pid) && DateTime.UtcNow < deadline) await Task.Delay(100);
        if (IsAlive(pid)) Signal(pid, "KILL");
        File.Delete(pidFile);
    }

    private static bool IsAlive(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        // A zombie has exited: field 3 of /proc/PID/stat is its state.
        var text = File.ReadAllText(stat);
        var state = text[(text.LastIndexOf(')') + 2)..].Split(' ')[0];
        return state != "Z";
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
