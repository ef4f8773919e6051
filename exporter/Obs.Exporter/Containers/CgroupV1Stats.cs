namespace Obs.Exporter.Containers;

/// <summary>
/// Pure parsers for the cgroup v1 files a container's metrics come from, each filling its part of
/// <see cref="ContainerStats"/>. cAdvisor's choices: rss and cache are memory.stat's <c>rss</c> and
/// <c>cache</c>, and the working set subtracts <c>total_inactive_file</c> from memory.usage_in_bytes.
/// </summary>
internal static class CgroupV1Stats
{
    // The kernel reports "no limit" as the largest page-aligned long; anything this big is unlimited.
    private const ulong UnlimitedAbove = 1UL << 62;

    /// <summary>cpuacct.usage: nanoseconds of CPU time.</summary>
    public static void CpuacctUsage(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.CpuUsageSeconds = CgroupText.ReadValue(text) / 1e9;

    /// <summary>cpu.stat: <c>nr_periods</c>, <c>nr_throttled</c> and <c>throttled_time</c> (nanoseconds).</summary>
    public static void CpuStat(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        if (CgroupText.TryReadKey(text, "nr_periods"u8, out var periods))
        {
            stats.CfsPeriods = periods;
        }
        if (CgroupText.TryReadKey(text, "nr_throttled"u8, out var throttled))
        {
            stats.CfsThrottledPeriods = throttled;
        }
        if (CgroupText.TryReadKey(text, "throttled_time"u8, out var throttledNanos))
        {
            stats.CfsThrottledSeconds = throttledNanos / 1e9;
        }
    }

    public static void MemoryUsageInBytes(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.MemoryUsageBytes = CgroupText.ReadValue(text);

    public static void MemoryStat(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        if (CgroupText.TryReadKey(text, "rss"u8, out var rss))
        {
            stats.MemoryRssBytes = rss;
        }
        if (CgroupText.TryReadKey(text, "cache"u8, out var cache))
        {
            stats.MemoryCacheBytes = cache;
        }
        if (CgroupText.TryReadKey(text, "total_inactive_file"u8, out var inactive))
        {
            stats.MemoryInactiveFileBytes = inactive;
        }
    }

    public static void MemoryLimitInBytes(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        var limit = CgroupText.ReadValue(text);
        stats.MemoryLimitBytes = limit > UnlimitedAbove ? 0 : limit;
    }

    /// <summary>cpu.cfs_quota_us: microseconds per period, -1 when unlimited.</summary>
    public static void CfsQuotaUs(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        var quota = CgroupText.ReadSigned(text);
        stats.CpuQuotaMicros = quota < 0 ? null : quota;
    }

    public static void CfsPeriodUs(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.CpuPeriodMicros = CgroupText.ReadSigned(text);

    /// <summary>memory.oom_control's <c>oom_kill</c> (kernels since 4.13).</summary>
    public static void MemoryOomControl(ReadOnlySpan<byte> text, ref ContainerStats stats)
    {
        if (CgroupText.TryReadKey(text, "oom_kill"u8, out var kills))
        {
            stats.OomKills = kills;
        }
    }

    public static void PidsCurrent(ReadOnlySpan<byte> text, ref ContainerStats stats) =>
        stats.Processes = CgroupText.ReadValue(text);
}
