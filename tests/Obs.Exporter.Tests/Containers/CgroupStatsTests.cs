using Obs.Exporter.Containers;

namespace Obs.Exporter.Tests.Containers;

public sealed class CgroupStatsTests
{
    [Fact]
    public void V2CpuStatGivesUsageAndCfsCountersInSeconds()
    {
        var stats = default(ContainerStats);
        CgroupV2Stats.CpuStat(ContainerFixtures.Read("v2/cpu.stat"), ref stats);
        Assert.Equal(8.341234, stats.CpuUsageSeconds);
        Assert.Equal(1200UL, stats.CfsPeriods);
        Assert.Equal(310UL, stats.CfsThrottledPeriods);
        Assert.Equal(4.56789, stats.CfsThrottledSeconds);
    }

    [Fact]
    public void V2CpuStatWithoutTheCpuControllerHasNoCfsCounters()
    {
        var stats = default(ContainerStats);
        CgroupV2Stats.CpuStat("usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n"u8, ref stats);
        Assert.Equal(1.5, stats.CpuUsageSeconds);
        Assert.Null(stats.CfsPeriods);
        Assert.Null(stats.CfsThrottledSeconds);
    }

    [Fact]
    public void V2WorkingSetIsCurrentMinusInactiveFile()
    {
        var stats = default(ContainerStats);
        CgroupV2Stats.MemoryCurrent(ContainerFixtures.Read("v2/memory.current"), ref stats);
        CgroupV2Stats.MemoryStat(ContainerFixtures.Read("v2/memory.stat"), ref stats);
        Assert.Equal(52428800UL, stats.MemoryUsageBytes);
        Assert.Equal(31457280UL, stats.MemoryRssBytes);
        Assert.Equal(16777216UL, stats.MemoryCacheBytes);
        Assert.Equal(52428800UL - 12582912UL, stats.WorkingSetBytes);
    }

    [Fact]
    public void WorkingSetNeverGoesBelowZero()
    {
        var stats = new ContainerStats { MemoryUsageBytes = 100, MemoryInactiveFileBytes = 400 };
        Assert.Equal(0UL, stats.WorkingSetBytes);
    }

    [Fact]
    public void V2OomKillsComeFromMemoryEvents()
    {
        var stats = default(ContainerStats);
        CgroupV2Stats.MemoryEvents(ContainerFixtures.Read("v2/memory.events"), ref stats);
        Assert.Equal(1UL, stats.OomKills);
    }

    [Theory]
    [InlineData("134217728\n", 134217728UL)]
    [InlineData("max\n", 0UL)]
    public void V2MemoryMaxIsZeroWhenUnlimited(string text, ulong expected)
    {
        var stats = default(ContainerStats);
        CgroupV2Stats.MemoryMax(System.Text.Encoding.ASCII.GetBytes(text), ref stats);
        Assert.Equal(expected, stats.MemoryLimitBytes);
    }

    [Theory]
    [InlineData("20000 100000\n", 20000L, 100000L)]
    [InlineData("max 100000\n", null, 100000L)]
    public void V2CpuMaxGivesQuotaAndPeriod(string text, long? quota, long period)
    {
        var stats = default(ContainerStats);
        CgroupV2Stats.CpuMax(System.Text.Encoding.ASCII.GetBytes(text), ref stats);
        Assert.Equal(quota, stats.CpuQuotaMicros);
        Assert.Equal(period, stats.CpuPeriodMicros);
    }

    [Fact]
    public void V1CpuacctUsageIsNanoseconds()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.CpuacctUsage(ContainerFixtures.Read("v1/cpuacct/cpuacct.usage"), ref stats);
        Assert.Equal(4.217654321, stats.CpuUsageSeconds);
    }

    [Fact]
    public void V1CpuStatThrottledTimeIsNanoseconds()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.CpuStat(ContainerFixtures.Read("v1/cpu/cpu.stat"), ref stats);
        Assert.Equal(845UL, stats.CfsPeriods);
        Assert.Equal(97UL, stats.CfsThrottledPeriods);
        Assert.Equal(2.35, stats.CfsThrottledSeconds);
    }

    [Fact]
    public void V1MemoryUsesRssCacheAndTotalInactiveFile()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.MemoryUsageInBytes(ContainerFixtures.Read("v1/memory/memory.usage_in_bytes"), ref stats);
        CgroupV1Stats.MemoryStat(ContainerFixtures.Read("v1/memory/memory.stat"), ref stats);
        Assert.Equal(26214400UL, stats.MemoryRssBytes);
        Assert.Equal(8622080UL, stats.MemoryCacheBytes);
        Assert.Equal(41943040UL - 6176768UL, stats.WorkingSetBytes);
    }

    [Fact]
    public void V1HugeLimitMeansUnlimited()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.MemoryLimitInBytes(ContainerFixtures.Read("v1/memory/memory.limit_in_bytes"), ref stats);
        Assert.Equal(0UL, stats.MemoryLimitBytes);
        CgroupV1Stats.MemoryLimitInBytes("67108864\n"u8, ref stats);
        Assert.Equal(67108864UL, stats.MemoryLimitBytes);
    }

    [Fact]
    public void V1QuotaOfMinusOneIsUnlimited()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.CfsQuotaUs(ContainerFixtures.Read("v1/cpu/cpu.cfs_quota_us"), ref stats);
        CgroupV1Stats.CfsPeriodUs(ContainerFixtures.Read("v1/cpu/cpu.cfs_period_us"), ref stats);
        Assert.Equal(50000L, stats.CpuQuotaMicros);
        Assert.Equal(100000L, stats.CpuPeriodMicros);
        CgroupV1Stats.CfsQuotaUs("-1\n"u8, ref stats);
        Assert.Null(stats.CpuQuotaMicros);
    }

    [Fact]
    public void V1OomKillsComeFromOomControl()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.MemoryOomControl(ContainerFixtures.Read("v1/memory/memory.oom_control"), ref stats);
        Assert.Equal(4UL, stats.OomKills);
    }

    [Fact]
    public void PidsCurrentIsTheProcessCount()
    {
        var stats = default(ContainerStats);
        CgroupV1Stats.PidsCurrent(ContainerFixtures.Read("v1/pids/pids.current"), ref stats);
        Assert.Equal(7UL, stats.Processes);
        CgroupV2Stats.PidsCurrent(ContainerFixtures.Read("v2/pids.current"), ref stats);
        Assert.Equal(3UL, stats.Processes);
    }

    [Fact]
    public void DirectoriesWithAUnifiedEntryAreV2()
    {
        var v2 = CgroupPaths.FromDirectories(new Dictionary<string, string> { ["unified"] = "/sys/fs/cgroup/obs.slice/pod1/app" });
        Assert.True(v2.IsUnified);
        Assert.Equal("/sys/fs/cgroup/obs.slice/pod1/app", v2.Memory);

        var v1 = CgroupPaths.FromDirectories(new Dictionary<string, string>
        {
            ["cpu"] = "/sys/fs/cgroup/cpu/x", ["memory"] = "/sys/fs/cgroup/memory/x", ["pids"] = "/sys/fs/cgroup/pids/x",
        });
        Assert.False(v1.IsUnified);
        Assert.Equal("/sys/fs/cgroup/cpu/x", v1.Cpuacct);
    }
}
