namespace Obs.Exporter.Containers;

/// <summary>The files of one container's cgroup, open between scrapes, and the parser each one feeds.</summary>
internal sealed class ContainerCgroupReader : IDisposable
{
    private readonly CgroupFile[] files;
    private readonly StatParser[] parsers;

    public ContainerCgroupReader(CgroupPaths paths)
    {
        var files = new List<CgroupFile>();
        var parsers = new List<StatParser>();
        void Add(string? directory, string name, StatParser parser)
        {
            if (directory is not null)
            {
                files.Add(new CgroupFile(System.IO.Path.Combine(directory, name), name.EndsWith(".stat", StringComparison.Ordinal) ? 4096 : 256));
                parsers.Add(parser);
            }
        }

        if (paths.IsUnified)
        {
            Add(paths.Cpu, "cpu.stat", CgroupV2Stats.CpuStat);
            Add(paths.Memory, "memory.current", CgroupV2Stats.MemoryCurrent);
            Add(paths.Memory, "memory.stat", CgroupV2Stats.MemoryStat);
            Add(paths.Memory, "memory.events", CgroupV2Stats.MemoryEvents);
            Add(paths.Memory, "memory.max", CgroupV2Stats.MemoryMax);
            Add(paths.Cpu, "cpu.max", CgroupV2Stats.CpuMax);
            Add(paths.Pids, "pids.current", CgroupV2Stats.PidsCurrent);
        }
        else
        {
            Add(paths.Cpuacct, "cpuacct.usage", CgroupV1Stats.CpuacctUsage);
            Add(paths.Cpu, "cpu.stat", CgroupV1Stats.CpuStat);
            Add(paths.Memory, "memory.usage_in_bytes", CgroupV1Stats.MemoryUsageInBytes);
            Add(paths.Memory, "memory.stat", CgroupV1Stats.MemoryStat);
            Add(paths.Memory, "memory.limit_in_bytes", CgroupV1Stats.MemoryLimitInBytes);
            Add(paths.Cpu, "cpu.cfs_quota_us", CgroupV1Stats.CfsQuotaUs);
            Add(paths.Cpu, "cpu.cfs_period_us", CgroupV1Stats.CfsPeriodUs);
            Add(paths.Memory, "memory.oom_control", CgroupV1Stats.MemoryOomControl);
            Add(paths.Pids, "pids.current", CgroupV1Stats.PidsCurrent);
        }
        this.files = [.. files];
        this.parsers = [.. parsers];
    }

    public delegate void StatParser(ReadOnlySpan<byte> text, ref ContainerStats stats);

    /// <summary>
    /// Reads every file; one that is missing or malformed leaves its fields null and costs only its own series.
    /// </summary>
    public ContainerStats Read()
    {
        var stats = default(ContainerStats);
        for (var i = 0; i < files.Length; i++)
        {
            if (!files[i].TryRead(out var text))
            {
                continue;
            }
            try
            {
                parsers[i](text, ref stats);
            }
            catch (FormatException)
            {
                // A file of unexpected shape (a newer kernel's format): its series are left out.
            }
        }
        return stats;
    }

    public void Dispose()
    {
        foreach (var file in files)
        {
            file.Dispose();
        }
    }
}
