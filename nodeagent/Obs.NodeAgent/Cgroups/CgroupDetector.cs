namespace Obs.NodeAgent.Cgroups;

/// <summary>
/// Finds the cgroup version and hierarchies from mountinfo, then proves it can write by creating
/// the Obs root (e.g. <c>/obs.slice</c>) in each hierarchy it needs. Paths are parameters so
/// tests can point at fixtures.
/// </summary>
public static class CgroupDetector
{
    public static CgroupSupport Detect(string root = "/obs.slice", string mountInfoPath = "/proc/self/mountinfo")
    {
        string text;
        try
        {
            text = File.ReadAllText(mountInfoPath);
        }
        catch (IOException e)
        {
            return CgroupSupport.Unusable(CgroupVersion.None, root, $"cannot read {mountInfoPath}: {e.Message}");
        }
        var found = ParseMounts(text);
        if (found.Version == CgroupVersion.None)
        {
            return CgroupSupport.Unusable(CgroupVersion.None, root, "no cgroup filesystem is mounted");
        }
        return found.Version == CgroupVersion.V2 ? ProveV2(root, found.Mounts["unified"]) : ProveV1(root, found.Mounts);
    }

    /// <summary>
    /// Reads mountinfo. cgroup2 mounted at /sys/fs/cgroup means v2 (the unified layout); v1
    /// controller mounts mean v1, even beside a controller-less cgroup2 at .../unified (hybrid).
    /// </summary>
    internal static (CgroupVersion Version, Dictionary<string, string> Mounts) ParseMounts(string mountInfo)
    {
        var v1 = new Dictionary<string, string>();
        string? unified = null;
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
            var mountPoint = left[4].Replace("\\040", " ", StringComparison.Ordinal);
            if (right[0] == "cgroup2" && mountPoint == "/sys/fs/cgroup")
            {
                unified = mountPoint;
            }
            else if (right[0] == "cgroup")
            {
                foreach (var option in right[2].Split(','))
                {
                    if (CgroupSupport.Controllers.Contains(option))
                    {
                        v1.TryAdd(option, mountPoint);
                    }
                }
            }
        }
        if (unified is not null)
        {
            return (CgroupVersion.V2, new Dictionary<string, string> { ["unified"] = unified });
        }
        return v1.Count > 0 ? (CgroupVersion.V1, v1) : (CgroupVersion.None, v1);
    }

    private static CgroupSupport ProveV2(string root, string mount)
    {
        var mounts = new Dictionary<string, string> { ["unified"] = mount };
        try
        {
            var available = File.ReadAllText(Path.Combine(mount, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var missing = new[] { "cpu", "memory", "pids" }.Where(c => !available.Contains(c)).ToList();
            if (missing.Count > 0)
            {
                return CgroupSupport.Unusable(CgroupVersion.V2, root, $"cgroup v2 controllers not available: {string.Join(", ", missing)}");
            }
            CgroupFiles.EnableControllers(mount, root);
            return new CgroupSupport(CgroupVersion.V2, true, null, root, mounts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CgroupSupport.Unusable(CgroupVersion.V2, root, $"cgroup v2 at {mount} is not writable: {e.Message}");
        }
    }

    private static CgroupSupport ProveV1(string root, Dictionary<string, string> mounts)
    {
        var required = new[] { "cpu", "memory", "pids" }.Where(c => !mounts.ContainsKey(c)).ToList();
        if (required.Count > 0)
        {
            return CgroupSupport.Unusable(CgroupVersion.V1, root, $"cgroup v1 controllers not mounted: {string.Join(", ", required)}");
        }
        try
        {
            foreach (var mount in mounts.Values.Distinct())
            {
                Directory.CreateDirectory(CgroupFiles.Join(mount, root));
            }
            return new CgroupSupport(CgroupVersion.V1, true, null, root, mounts);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CgroupSupport.Unusable(CgroupVersion.V1, root, $"cgroup v1 hierarchies are not writable: {e.Message}");
        }
    }
}
