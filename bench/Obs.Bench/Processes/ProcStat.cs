using System.Globalization;

namespace Obs.Bench.Processes;

/// <summary>What /proc says about one process: CPU time used and resident memory.</summary>
internal static class ProcStat
{
    // USER_HZ is 100 on every Linux the project runs on; /proc/PID/stat counts in it.
    private const double TicksPerSecond = 100;

    /// <summary>CPU seconds of the process (user + system), plus those of its children already reaped when asked.</summary>
    public static double CpuSeconds(int pid, bool withReapedChildren = false)
    {
        var fields = StatFields(pid);
        if (fields is null) return 0;
        // Fields after "comm" start at index 0 with the state (field 3 of proc(5)); utime is field 14.
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        if (withReapedChildren) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks / TicksPerSecond;
    }

    public static int ParentPid(int pid) => StatFields(pid) is { } f ? int.Parse(f[1], CultureInfo.InvariantCulture) : -1;

    /// <summary>A line of /proc/PID/status in MB (VmRSS, VmHWM), or null when the process is gone.</summary>
    public static double? StatusMegabytes(int pid, string key) => Megabytes($"/proc/{pid}/status", key);

    /// <summary>
    /// A line of /proc/PID/smaps_rollup in MB (Pss, Pss_Anon, Pss_File): each shared page divided among the
    /// processes that map it, so the runtime's and framework's code that every .NET process maps counts in part.
    /// </summary>
    public static double? RollupMegabytes(int pid, string key) => Megabytes($"/proc/{pid}/smaps_rollup", key);

    private static double? Megabytes(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                if (!line.StartsWith(key + ":", StringComparison.Ordinal)) continue;
                var kb = long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        catch (IOException) { }
        return null;
    }

    /// <summary>
    /// Context switches of the process's live threads, voluntary and not (from each thread's status): a thread that blocks
    /// and is woken again counts one, so this counts the thread hops that work takes.
    /// </summary>
    public static long ContextSwitches(int pid)
    {
        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                    {
                        if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                            total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
                catch (IOException) { }
            }
        }
        catch (IOException) { }
        return total;
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>.</summary>
    public static IEnumerable<int> Children(int parent)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (ParentPid(pid) == parent) yield return pid;
        }
    }

    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: the fields start after the last ')'.
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
