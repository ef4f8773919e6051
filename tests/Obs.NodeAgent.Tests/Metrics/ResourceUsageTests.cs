using Obs.NodeAgent.Metrics;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>The /proc parsers behind /metrics/resource.</summary>
public sealed class ResourceUsageTests
{
    [Fact]
    public void NodeCpuIsBusyTimeWithoutIdleOrIowaitInSeconds()
    {
        const string stat = "cpu  1000 200 300 9000 400 50 60 70 0 0\ncpu0 500 100 150 4500 200 25 30 35 0 0\nintr 1\n";
        // user + nice + system + irq + softirq + steal = 1680 ticks of 1/100 s.
        Assert.Equal(16.8, ResourceUsage.NodeCpuSeconds(stat)!.Value, 6);
    }

    [Fact]
    public void ProcessCpuCountsFieldsAfterACommandNameWithSpacesAndParentheses()
    {
        const string stat = "4242 (sh -c (busy)) R 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 3 7 20 0 1 0 12345 1000000 200 18446744073709551615";
        Assert.Equal(3.1, ResourceUsage.ProcessCpuSeconds(stat)!.Value, 6);
    }

    [Fact]
    public void NodeMemoryIsTotalLessAvailable()
    {
        Assert.Equal((8_000_000L - 6_000_000L) * 1024, ResourceUsage.NodeMemoryBytes("MemTotal:  8000000 kB\nMemFree: 1000 kB\nMemAvailable:  6000000 kB\n"));
        Assert.Null(ResourceUsage.NodeMemoryBytes("MemTotal: 8000000 kB\n"));
    }
}
