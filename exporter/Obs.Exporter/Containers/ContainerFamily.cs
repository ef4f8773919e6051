using Obs.Exporter.Exposition;

namespace Obs.Exporter.Containers;

/// <summary>One cAdvisor metric family: its name, type and help as cAdvisor writes them, and where its value comes from.</summary>
internal sealed record ContainerFamily(string Name, MetricFamilyType Type, string Help, ContainerFamily.ValueOf Value)
{
    /// <summary>cAdvisor labels the total of <c>container_cpu_usage_seconds_total</c> <c>cpu="total"</c> (per-CPU series are off by default).</summary>
    public bool CpuTotal { get; init; }

    /// <summary>Written for a container between its runs too (<see cref="RunningContainer.BetweenRuns"/>): the OOM kill count alone.</summary>
    public bool BetweenRuns { get; init; }

    /// <summary>The family's value for one container, or null when it has none this scrape.</summary>
    public delegate double? ValueOf(RunningContainer container, in ContainerStats stats, double nowSeconds);

    /// <summary>cAdvisor's families that Obs exposes, in the (alphabetical) order the kubelet writes them.</summary>
    public static readonly ContainerFamily[] All =
    [
        new("container_cpu_cfs_periods_total", MetricFamilyType.Counter, "Number of elapsed enforcement period intervals.",
            (_, in s, _) => s.CfsPeriods),
        new("container_cpu_cfs_throttled_periods_total", MetricFamilyType.Counter, "Number of throttled period intervals.",
            (_, in s, _) => s.CfsThrottledPeriods),
        new("container_cpu_cfs_throttled_seconds_total", MetricFamilyType.Counter, "Total time duration the container has been throttled.",
            (_, in s, _) => s.CfsThrottledSeconds),
        new("container_cpu_usage_seconds_total", MetricFamilyType.Counter, "Cumulative cpu time consumed in seconds.",
            (_, in s, _) => s.CpuUsageSeconds) { CpuTotal = true },
        new("container_last_seen", MetricFamilyType.Gauge, "Last time a container was seen by the exporter",
            (_, in _, now) => now),
        new("container_memory_cache", MetricFamilyType.Gauge, "Number of bytes of page cache memory.",
            (_, in s, _) => s.MemoryCacheBytes),
        new("container_memory_rss", MetricFamilyType.Gauge, "Size of RSS in bytes.",
            (_, in s, _) => s.MemoryRssBytes),
        new("container_memory_usage_bytes", MetricFamilyType.Gauge, "Current memory usage in bytes, including all memory regardless of when it was accessed",
            (_, in s, _) => s.MemoryUsageBytes),
        new("container_memory_working_set_bytes", MetricFamilyType.Gauge, "Current working set in bytes.",
            (_, in s, _) => s.WorkingSetBytes),
        new("container_oom_events_total", MetricFamilyType.Counter, "Count of out of memory events observed for the container",
            (c, in s, _) => s.OomKills is { } kills ? kills + c.EarlierOomKills : c.BetweenRuns ? c.EarlierOomKills : null) { BetweenRuns = true },
        new("container_processes", MetricFamilyType.Gauge, "Number of processes running inside the container.",
            (_, in s, _) => s.Processes),
        new("container_spec_cpu_period", MetricFamilyType.Gauge, "CPU period of the container.",
            (_, in s, _) => s.CpuPeriodMicros),
        new("container_spec_cpu_quota", MetricFamilyType.Gauge, "CPU quota of the container.",
            (_, in s, _) => s.CpuQuotaMicros),
        new("container_spec_memory_limit_bytes", MetricFamilyType.Gauge, "Memory limit for the container.",
            (_, in s, _) => s.MemoryLimitBytes),
        new("container_start_time_seconds", MetricFamilyType.Gauge, "Start time of the container since unix epoch in seconds.",
            (c, in _, _) => c.StartTime.ToUnixTimeMilliseconds() / 1000.0),
    ];
}
