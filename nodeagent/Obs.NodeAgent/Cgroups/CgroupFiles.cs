namespace Obs.NodeAgent.Cgroups;

/// <summary>Small file operations on cgroupfs, where every write is one short line.</summary>
internal static class CgroupFiles
{
    public static string Join(string mount, string relative) =>
        Path.Combine(mount, relative.TrimStart('/'));

    public static void Write(string directory, string file, string value) =>
        File.WriteAllText(Path.Combine(directory, file), value);

    public static bool TryWrite(string directory, string file, string value)
    {
        try
        {
            Write(directory, file, value);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Reads <c>key value</c> lines (memory.events, cpu.stat, memory.oom_control).</summary>
    public static long? ReadKey(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var space = line.IndexOf(' ');
                if (space > 0 && line.AsSpan(0, space).SequenceEqual(key) && long.TryParse(line.AsSpan(space + 1), out var value))
                {
                    return value;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>
    /// Creates every directory from the mount down to <paramref name="relative"/> and, on v2,
    /// enables cpu, memory and pids in each parent's subtree_control so the leaf gets them.
    /// </summary>
    public static void EnableControllers(string mount, string relative)
    {
        var current = mount;
        foreach (var part in relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var file = Path.Combine(current, "cgroup.subtree_control");
            var enabled = File.Exists(file) ? File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            var missing = new[] { "cpu", "memory", "pids" }.Where(c => !enabled.Contains(c)).Select(c => "+" + c).ToList();
            if (missing.Count > 0)
            {
                Write(current, "cgroup.subtree_control", string.Join(' ', missing));
            }
            current = Path.Combine(current, part);
            Directory.CreateDirectory(current);
        }
    }

    public static IReadOnlyList<int> ReadProcs(string directory)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(directory, "cgroup.procs"))
                .Select(l => int.TryParse(l, out var pid) ? pid : 0)
                .Where(pid => pid > 0)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
