namespace Obs.Exporter.Containers;

/// <summary>
/// What one scrape read from a container's cgroup, in the units the metrics use. A field is null when its
/// file was missing or unreadable (a controller not enabled, an older kernel), and its series is left out.
/// </summary>
internal struct ContainerStats
{
    public double? CpuUsageSeconds;
    public ulong? CfsPeriods;
    public ulong? CfsThrottledPeriods;
    public double? CfsThrottledSeconds;
    public ulong? MemoryUsageBytes;
    public ulong? MemoryInactiveFileBytes;
    public ulong? MemoryRssBytes;
    public ulong? MemoryCacheBytes;
    public ulong? OomKills;

    /// <summary>The enforced memory limit; 0 when unlimited, as cAdvisor reports it.</summary>
    public ulong? MemoryLimitBytes;

    /// <summary>The CFS quota in microseconds per period; null when unlimited (cAdvisor then has no series).</summary>
    public long? CpuQuotaMicros;

    public long? CpuPeriodMicros;
    public ulong? Processes;

    /// <summary>Usage minus inactive file pages, never below zero: cAdvisor's working set.</summary>
    public readonly ulong? WorkingSetBytes => MemoryUsageBytes is { } usage
        ? usage - Math.Min(usage, MemoryInactiveFileBytes ?? 0)
        : null;
}
