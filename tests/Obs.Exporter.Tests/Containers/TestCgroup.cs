using Obs.Exporter.Containers;

namespace Obs.Exporter.Tests.Containers;

/// <summary>
/// A real cgroup owned by one test, directly under the hierarchy root (v2) or each controller's root (v1),
/// found the way the node agent finds them: cgroup2 mounted at /sys/fs/cgroup means v2, otherwise the v1
/// controller mounts. Removed on dispose, once its processes are gone.
/// </summary>
internal sealed class TestCgroup : IDisposable
{
    private readonly List<string> directories;

    private TestCgroup(CgroupPaths paths, List<string> directories)
    {
        Paths = paths;
        this.directories = directories;
    }

    public CgroupPaths Paths { get; }

    /// <summary>Creates the cgroup with a CPU quota (and a memory limit, without swap), or returns null and why when this machine will not let us.</summary>
    public static TestCgroup? TryCreate(string name, long quotaMicros, long periodMicros, out string? whyNot, long? memoryLimitBytes = null)
    {
        whyNot = null;
        var (unified, controllers) = Mounts(File.ReadAllText("/proc/self/mountinfo"));
        var created = new List<string>();
        try
        {
            if (unified is not null)
            {
                var root = File.ReadAllText(Path.Combine(unified, "cgroup.subtree_control"));
                foreach (var controller in new[] { "cpu", "memory", "pids" })
                {
                    if (!root.Split(' ', StringSplitOptions.TrimEntries).Contains(controller))
                    {
                        File.WriteAllText(Path.Combine(unified, "cgroup.subtree_control"), "+" + controller);
                    }
                }
                var directory = Path.Combine(unified, name);
                Directory.CreateDirectory(directory);
                created.Add(directory);
                File.WriteAllText(Path.Combine(directory, "cpu.max"), $"{quotaMicros} {periodMicros}");
                if (memoryLimitBytes is { } max)
                {
                    File.WriteAllText(Path.Combine(directory, "memory.max"), max.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    TryWrite(Path.Combine(directory, "memory.swap.max"), "0");
                }
                return new TestCgroup(CgroupPaths.Unified(directory), created);
            }

            string? Make(string controller)
            {
                if (!controllers.TryGetValue(controller, out var mount))
                {
                    return null;
                }
                var directory = Path.Combine(mount, name);
                if (!created.Contains(directory))
                {
                    Directory.CreateDirectory(directory);
                    created.Add(directory);
                }
                return directory;
            }
            var cpu = Make("cpu") ?? throw new IOException("the cpu controller is not mounted");
            var paths = CgroupPaths.PerController(cpu, Make("cpuacct"), Make("memory"), Make("pids"));
            File.WriteAllText(Path.Combine(cpu, "cpu.cfs_period_us"), periodMicros.ToString(System.Globalization.CultureInfo.InvariantCulture));
            File.WriteAllText(Path.Combine(cpu, "cpu.cfs_quota_us"), quotaMicros.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (memoryLimitBytes is { } limit)
            {
                var memory = paths.Memory ?? throw new IOException("the memory controller is not mounted");
                var bytes = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), bytes);
                // With swap accounting on, memory+swap gets the same limit, so the hog is killed rather than swapped out.
                TryWrite(Path.Combine(memory, "memory.memsw.limit_in_bytes"), bytes);
            }
            return new TestCgroup(paths, created);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"cgroups are not writable here ({e.Message})";
            new TestCgroup(CgroupPaths.Unified("/"), created).Dispose();
            return null;
        }
    }

    /// <summary>Moves a process into the cgroup, in every hierarchy.</summary>
    public void Add(int pid)
    {
        foreach (var directory in directories)
        {
            File.WriteAllText(Path.Combine(directory, "cgroup.procs"), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public void Dispose()
    {
        // The kernel refuses rmdir until the killed processes have left; that takes a moment.
        foreach (var directory in directories)
        {
            for (var attempt = 0; attempt < 100 && Directory.Exists(directory); attempt++)
            {
                try
                {
                    Directory.Delete(directory);
                }
                catch (IOException)
                {
                    Thread.Sleep(20);
                }
            }
        }
    }

    private static void TryWrite(string path, string value)
    {
        try
        {
            File.WriteAllText(path, value);
        }
        catch (IOException)
        {
        }
    }

    private static (string? Unified, Dictionary<string, string> Controllers) Mounts(string mountInfo)
    {
        string? unified = null;
        var controllers = new Dictionary<string, string>();
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = line.IndexOf(" - ", StringComparison.Ordinal);
            if (dash < 0)
            {
                continue;
            }
            var left = line[..dash].Split(' ');
            var right = line[(dash + 3)..].Split(' ');
            if (left.Length < 5 || right.Length < 3)
            {
                continue;
            }
            if (right[0] == "cgroup2" && left[4] == "/sys/fs/cgroup")
            {
                unified = left[4];
            }
            else if (right[0] == "cgroup")
            {
                foreach (var option in right[2].Split(','))
                {
                    if (option is "cpu" or "cpuacct" or "memory" or "pids")
                    {
                        controllers.TryAdd(option, left[4]);
                    }
                }
            }
        }
        return (unified, controllers);
    }
}
