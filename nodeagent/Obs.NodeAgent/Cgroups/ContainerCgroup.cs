namespace Obs.NodeAgent.Cgroups;

/// <summary>
/// A container's cgroup: <c>{root}/pod{uid}/{container}</c> in the unified hierarchy (v2) or in
/// each controller's hierarchy (v1). The process joins it itself, before it execs user code, by
/// writing 0 ("me") into every file of <see cref="ProcsFiles"/>.
/// </summary>
public sealed class ContainerCgroup
{
    private readonly CgroupSupport _support;

    private ContainerCgroup(CgroupSupport support, string relative, IReadOnlyDictionary<string, string> directories)
    {
        _support = support;
        RelativePath = relative;
        Directories = directories;
    }

    /// <summary>Path below each hierarchy's mount, e.g. <c>/obs.slice/pod123/app</c>.</summary>
    public string RelativePath { get; }

    public CgroupVersion Version => _support.Version;

    /// <summary>Controller (or "unified" on v2) to directory; the exporter reads cpu.stat, memory.stat here.</summary>
    public IReadOnlyDictionary<string, string> Directories { get; }

    /// <summary>The directory to read statistics from: the unified one, or v1's memory hierarchy.</summary>
    public string Path => Directories.TryGetValue("unified", out var unified) ? unified : Directories["memory"];

    public IEnumerable<string> ProcsFiles => Directories.Values.Distinct().Select(d => System.IO.Path.Combine(d, "cgroup.procs"));

    public static string PodRelativePath(CgroupSupport support, string podUid) =>
        $"{support.Root.TrimEnd('/')}/pod{podUid}";

    /// <summary>Creates the cgroup and writes its limits. Throws when the hierarchy refuses.</summary>
    public static ContainerCgroup Create(CgroupSupport support, string podUid, string containerName, CgroupLimits limits)
    {
        if (!support.Usable)
        {
            throw new InvalidOperationException($"cgroups are not usable: {support.Reason}");
        }
        var relative = $"{PodRelativePath(support, podUid)}/{containerName}";
        var directories = new Dictionary<string, string>();
        if (support.Version == CgroupVersion.V2)
        {
            var mount = support.Mounts["unified"];
            CgroupFiles.EnableControllers(mount, relative);
            directories["unified"] = CgroupFiles.Join(mount, relative);
        }
        else
        {
            foreach (var (controller, mount) in support.Mounts)
            {
                var directory = CgroupFiles.Join(mount, relative);
                Directory.CreateDirectory(directory);
                directories[controller] = directory;
            }
        }
        var cgroup = new ContainerCgroup(support, relative, directories);
        cgroup.Apply(limits);
        return cgroup;
    }

    /// <summary>
    /// The container cgroups a pod has on the machine now, found by its UID alone (an earlier run of
    /// the agent made them): to kill what is in them and remove them, not to start anything.
    /// </summary>
    public static IReadOnlyList<ContainerCgroup> ExistingOfPod(CgroupSupport support, string podUid)
    {
        if (!support.Usable) return [];
        var pod = PodRelativePath(support, podUid);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var mount in support.Mounts.Values.Distinct())
        {
            var directory = CgroupFiles.Join(mount, pod);
            if (Directory.Exists(directory)) names.UnionWith(Directory.GetDirectories(directory).Select(System.IO.Path.GetFileName)!);
        }
        return names.Select(name =>
        {
            var relative = $"{pod}/{name}";
            var directories = support.Mounts.ToDictionary(m => m.Key, m => CgroupFiles.Join(m.Value, relative));
            return new ContainerCgroup(support, relative, directories);
        }).ToList();
    }

    private void Apply(CgroupLimits limits)
    {
        if (Version == CgroupVersion.V2)
        {
            var dir = Directories["unified"];
            CgroupFiles.Write(dir, "cpu.max", limits.CpuQuotaMicros is { } quota ? $"{quota} {CgroupLimits.CfsPeriodMicros}" : $"max {CgroupLimits.CfsPeriodMicros}");
            CgroupFiles.Write(dir, "memory.max", limits.MemoryBytes?.ToString() ?? "max");
            // Without swap accounting off, a limited container would page out instead of being killed.
            CgroupFiles.TryWrite(dir, "memory.swap.max", limits.MemoryBytes is null ? "max" : "0");
            CgroupFiles.Write(dir, "pids.max", limits.PidsMax?.ToString() ?? "max");
            return;
        }
        var cpu = Directories["cpu"];
        CgroupFiles.Write(cpu, "cpu.cfs_period_us", CgroupLimits.CfsPeriodMicros.ToString());
        CgroupFiles.Write(cpu, "cpu.cfs_quota_us", limits.CpuQuotaMicros?.ToString() ?? "-1");
        var memory = Directories["memory"];
        var bytes = limits.MemoryBytes?.ToString() ?? "-1";
        CgroupFiles.Write(memory, "memory.limit_in_bytes", bytes);
        // memsw must be >= the memory limit; it exists only where swap accounting is on.
        CgroupFiles.TryWrite(memory, "memory.memsw.limit_in_bytes", bytes);
        CgroupFiles.Write(Directories["pids"], "pids.max", limits.PidsMax?.ToString() ?? "max");
    }

    /// <summary>How many processes the kernel's OOM killer has killed in this cgroup.</summary>
    public long OomKillCount() => Version == CgroupVersion.V2
        ? CgroupFiles.ReadKey(System.IO.Path.Combine(Directories["unified"], "memory.events"), "oom_kill") ?? 0
        : CgroupFiles.ReadKey(System.IO.Path.Combine(Directories["memory"], "memory.oom_control"), "oom_kill") ?? 0;

    /// <summary>The processes in the cgroup now (host PIDs).</summary>
    public IReadOnlyList<int> Processes() => Directories.Values.Distinct().SelectMany(CgroupFiles.ReadProcs).Distinct().ToList();

    /// <summary>SIGKILLs every process still in the cgroup, including any that left the session.</summary>
    public void KillAll()
    {
        if (Version == CgroupVersion.V2 && CgroupFiles.TryWrite(Directories["unified"], "cgroup.kill", "1"))
        {
            return;
        }
        foreach (var pid in Processes())
        {
            Native.Libc.kill(pid, Native.Libc.SIGKILL);
        }
    }

    /// <summary>
    /// Kills what is left, waits for the cgroup to empty, and removes it and, when that was the
    /// pod's last container cgroup, the pod's cgroup too. Returns false if it could not within about
    /// a second; removal then goes on in the background (<see cref="LingerPeriod"/>), since the
    /// container's end must not wait for the kernel to finish a slow exit (a large process's memory
    /// torn down on a loaded machine) and the directory must not stay behind for good either.
    /// </summary>
    public async Task<bool> RemoveAsync(CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (TryRemove()) return true;
            await Task.Delay(20, cancellationToken);
        }
        if (TryRemove()) return true;
        _ = RemoveLaterAsync();
        return false;
    }

    /// <summary>How long removal goes on in the background after <see cref="RemoveAsync"/> gave up waiting.</summary>
    public static readonly TimeSpan LingerPeriod = TimeSpan.FromSeconds(60);

    private async Task RemoveLaterAsync()
    {
        var until = DateTime.UtcNow + LingerPeriod;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(500);
            if (TryRemove()) return;
        }
    }

    private bool TryRemove()
    {
        KillAll();
        var removed = true;
        foreach (var directory in Directories.Values.Distinct())
        {
            removed &= TryRemoveDirectory(directory);
            TryRemoveDirectory(System.IO.Path.GetDirectoryName(directory)!);
        }
        return removed;
    }

    private static bool TryRemoveDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
