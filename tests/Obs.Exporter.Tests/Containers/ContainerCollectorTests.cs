using System.Buffers;
using Obs.Exporter.Containers;
using Obs.Exporter.Exposition;
using Obs.Exporter.Tests.Collectors;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.Containers;

public sealed class ContainerCollectorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1795338000);

    private static ContainerCollector FixtureCollector()
    {
        var collector = new ContainerCollector(new FixedTime(Now));
        collector.Update(
        [
            new RunningContainer("shop", "web-7d9f", "web", "nginx:1.27", "/obs.slice/podu1/web", ContainerFixtures.V2,
                DateTimeOffset.FromUnixTimeSeconds(1795334400)),
            new RunningContainer("shop", "db-0", "db", "postgres:17", "/obs.slice/podu2/db", ContainerFixtures.V1,
                DateTimeOffset.FromUnixTimeMilliseconds(1795334461500)),
        ]);
        return collector;
    }

    [Fact]
    public void FixtureCgroupsGiveCadvisorFamilies()
    {
        using var collector = FixtureCollector();
        Assert.Equal(""""
        # HELP container_cpu_cfs_periods_total Number of elapsed enforcement period intervals.
        # TYPE container_cpu_cfs_periods_total counter
        container_cpu_cfs_periods_total{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 1200
        container_cpu_cfs_periods_total{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 845
        # HELP container_cpu_cfs_throttled_periods_total Number of throttled period intervals.
        # TYPE container_cpu_cfs_throttled_periods_total counter
        container_cpu_cfs_throttled_periods_total{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 310
        container_cpu_cfs_throttled_periods_total{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 97
        # HELP container_cpu_cfs_throttled_seconds_total Total time duration the container has been throttled.
        # TYPE container_cpu_cfs_throttled_seconds_total counter
        container_cpu_cfs_throttled_seconds_total{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 4.56789
        container_cpu_cfs_throttled_seconds_total{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 2.35
        # HELP container_cpu_usage_seconds_total Cumulative cpu time consumed in seconds.
        # TYPE container_cpu_usage_seconds_total counter
        container_cpu_usage_seconds_total{container="web",cpu="total",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 8.341234
        container_cpu_usage_seconds_total{container="db",cpu="total",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 4.217654321
        # HELP container_last_seen Last time a container was seen by the exporter
        # TYPE container_last_seen gauge
        container_last_seen{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 1.795338e+09
        container_last_seen{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 1.795338e+09
        # HELP container_memory_cache Number of bytes of page cache memory.
        # TYPE container_memory_cache gauge
        container_memory_cache{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 1.6777216e+07
        container_memory_cache{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 8.62208e+06
        # HELP container_memory_rss Size of RSS in bytes.
        # TYPE container_memory_rss gauge
        container_memory_rss{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 3.145728e+07
        container_memory_rss{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 2.62144e+07
        # HELP container_memory_usage_bytes Current memory usage in bytes, including all memory regardless of when it was accessed
        # TYPE container_memory_usage_bytes gauge
        container_memory_usage_bytes{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 5.24288e+07
        container_memory_usage_bytes{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 4.194304e+07
        # HELP container_memory_working_set_bytes Current working set in bytes.
        # TYPE container_memory_working_set_bytes gauge
        container_memory_working_set_bytes{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 3.9845888e+07
        container_memory_working_set_bytes{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 3.5766272e+07
        # HELP container_oom_events_total Count of out of memory events observed for the container
        # TYPE container_oom_events_total counter
        container_oom_events_total{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 1
        container_oom_events_total{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 4
        # HELP container_processes Number of processes running inside the container.
        # TYPE container_processes gauge
        container_processes{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 3
        container_processes{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 7
        # HELP container_spec_cpu_period CPU period of the container.
        # TYPE container_spec_cpu_period gauge
        container_spec_cpu_period{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 100000
        container_spec_cpu_period{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 100000
        # HELP container_spec_cpu_quota CPU quota of the container.
        # TYPE container_spec_cpu_quota gauge
        container_spec_cpu_quota{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 20000
        container_spec_cpu_quota{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 50000
        # HELP container_spec_memory_limit_bytes Memory limit for the container.
        # TYPE container_spec_memory_limit_bytes gauge
        container_spec_memory_limit_bytes{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 1.34217728e+08
        container_spec_memory_limit_bytes{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 0
        # HELP container_start_time_seconds Start time of the container since unix epoch in seconds.
        # TYPE container_start_time_seconds gauge
        container_start_time_seconds{container="web",id="/obs.slice/podu1/web",image="nginx:1.27",namespace="shop",pod="web-7d9f"} 1.7953344e+09
        container_start_time_seconds{container="db",id="/obs.slice/podu2/db",image="postgres:17",namespace="shop",pod="db-0"} 1.7953344615e+09

        """", Rendered.Text(collector.Collect));
    }

    [Fact]
    public void FixtureOutputPassesPromtool()
    {
        using var collector = FixtureCollector();
        NodeCollectorSetTests.AssertPromtoolAccepts(Rendered.Text(collector.Collect));
    }

    [Fact]
    public void MissingCgroupLeavesOnlyWhatIsKnownWithoutCgroupFiles()
    {
        using var collector = new ContainerCollector(new FixedTime(Now));
        var gone = CgroupPaths.Unified(Path.Combine(ContainerFixtures.Directory, "no-such-cgroup"));
        collector.Update([new RunningContainer("shop", "p", "c", "i", "/x", gone, DateTimeOffset.FromUnixTimeSeconds(1795334400))]);

        Assert.Equal(""""
        # HELP container_last_seen Last time a container was seen by the exporter
        # TYPE container_last_seen gauge
        container_last_seen{container="c",id="/x",image="i",namespace="shop",pod="p"} 1.795338e+09
        # HELP container_start_time_seconds Start time of the container since unix epoch in seconds.
        # TYPE container_start_time_seconds gauge
        container_start_time_seconds{container="c",id="/x",image="i",namespace="shop",pod="p"} 1.7953344e+09

        """", Rendered.Text(collector.Collect));
    }

    /// <summary>
    /// The OOM kills of a container's earlier runs (their cgroups removed) are added to its cgroup's own count, and a
    /// container between runs has that count alone: nothing else is known of a container without a process.
    /// </summary>
    [Fact]
    public void EarlierRunsOomKillsAddToTheCgroupsAndStayBetweenRuns()
    {
        using var collector = new ContainerCollector(new FixedTime(Now));
        collector.Update(
        [
            new RunningContainer("shop", "web-7d9f", "web", "nginx:1.27", "/obs.slice/podu1/web", ContainerFixtures.V2, Now) { EarlierOomKills = 3 },
            new RunningContainer("shop", "hog", "main", "busybox", "/obs.slice/podu3/main", CgroupPaths.Unified(Path.Combine(ContainerFixtures.Directory, "no-such-cgroup")), default)
                { EarlierOomKills = 2, BetweenRuns = true },
        ]);

        var text = Rendered.Text(collector.Collect);

        // The web container's fixture cgroup counts 1 of its own.
        Assert.Contains("container_oom_events_total{container=\"web\",id=\"/obs.slice/podu1/web\",image=\"nginx:1.27\",namespace=\"shop\",pod=\"web-7d9f\"} 4\n", text, StringComparison.Ordinal);
        Assert.Equal(["container_oom_events_total{container=\"main\",id=\"/obs.slice/podu3/main\",image=\"busybox\",namespace=\"shop\",pod=\"hog\"} 2"],
            text.Split('\n').Where(line => line.Contains("pod=\"hog\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void NoContainersWriteNothing()
    {
        using var collector = new ContainerCollector();
        Assert.Equal("", Rendered.Text(collector.Collect));
    }

    [Fact]
    public void UpdateReplacesTheContainerList()
    {
        using var collector = FixtureCollector();
        collector.Update([new RunningContainer("shop", "db-0", "db", "postgres:17", "/obs.slice/podu2/db", ContainerFixtures.V1, Now)]);
        var text = Rendered.Text(collector.Collect);
        Assert.DoesNotContain("web-7d9f", text, StringComparison.Ordinal);
        Assert.Contains("container_processes{container=\"db\",id=\"/obs.slice/podu2/db\",image=\"postgres:17\",namespace=\"shop\",pod=\"db-0\"} 7\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WarmScrapeAllocatesNothingOnTheScrapingThread()
    {
        using var collector = FixtureCollector();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new MetricsWriter(buffer);
        collector.Collect(writer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);

        var before = GC.GetAllocatedBytesForCurrentThread();
        collector.Collect(writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(buffer.WrittenCount > 0);
        Assert.Equal(0, allocated);
    }
}
