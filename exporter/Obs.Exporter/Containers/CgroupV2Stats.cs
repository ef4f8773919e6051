namespace Obs.Exporter.Containers;

/// <summary>
/// Pure parsers for the cgroup v2 files a container's metrics come from, each filling its part of
/// <see cref="ContainerStats"/>. cAdvisor's choices: rss is memory.stat's <c>anon</c>, cache its
/// <c>file</c>, and the working set subtracts <c>inactive_file</c> from memory.current.
/// </summary>
internal static class CgroupV2Stats
{
    /// <summary>cpu.stat: <c>usage_usec</c>, and the CFS counters when the cpu controller is enabled.</summary>
    public static void CpuStat(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        if (CgroupText.TryReadKey(text, "usage_usec"u8, out var usage))
        {
            stats.CpuUsageSeconds = usage / 1e6;
        }
        if (CgroupText.TryReadKey(text, "nr_periods"u8, out var periods))
        {
            stats.CfsPeriods = periods;
        }
        if (CgroupText.TryReadKey(text, "nr_throttled"u8, out var throttled))
        {
            stats.CfsThrottledPeriods = throttled;
        }
        if (CgroupText.TryReadKey(text, "throttled_usec"u8, out var throttledMicros))
        {
            stats.CfsThrottledSeconds = throttledMicros / 1e6;
        }
    }

    public static void MemoryCurrent(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.MemoryUsageBytes = CgroupText.ReadValue(text);

    public static void MemoryStat(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        if (CgroupText.TryReadKey(text, "anon"u8, out var anon))
        {
            stats.MemoryRssBytes = anon;
        }
        if (CgroupText.TryReadKey(text, "file"u8, out var file))
        {
            stats.MemoryCacheBytes = file;
        }
        if (CgroupText.TryReadKey(text, "inactive_file"u8, out var inactive))
        {
            stats.MemoryInactiveFileBytes = inactive;
        }
    }

    /// <summary>memory.events' <c>oom_kill</c>: processes the OOM killer killed in this cgroup.</summary>
    public static void MemoryEvents(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        if (CgroupText.TryReadKey(text, "oom_kill"u8, out var kills))
        {
            stats.OomKills = kills;
        }
    }

    public static void MemoryMax(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.MemoryLimitBytes = CgroupText.ReadLimit(text) ?? 0;

    public static void CpuMax(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        var (quota, period) = CgroupText.ReadCpuMax(text);
        stats.CpuQuotaMicros = quota;
        stats.CpuPeriodMicros = period;
    }

    public static void PidsCurrent(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.Processes = CgroupText.ReadValue(text);
}
