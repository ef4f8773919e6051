using Obs.ApiServer.ResourceMetrics;

namespace Obs.ApiServer.Tests.ResourceMetrics;

/// <summary>Reading a kubelet's /metrics/resource and turning two scrapes into usage, as metrics-server does.</summary>
public sealed class ResourceTextTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static string Text(double nodeCpu, double containerCpu, double start = 1700000000) => $$"""
        # HELP node_cpu_usage_seconds_total Cumulative cpu time consumed by the node in core-seconds
        # TYPE node_cpu_usage_seconds_total counter
        node_cpu_usage_seconds_total {{nodeCpu}}
        node_memory_working_set_bytes 2.147483648e+09
        # TYPE container_cpu_usage_seconds_total counter
        container_cpu_usage_seconds_total{container="app",namespace="shop",pod="web-1"} {{containerCpu}} 1733400000000
        container_cpu_usage_seconds_total{container="side",namespace="shop",pod="web-1"} 1
        container_memory_working_set_bytes{container="app",namespace="shop",pod="web-1"} 10485760
        container_memory_working_set_bytes{container="side",namespace="shop",pod="web-1"} 4096
        container_start_time_seconds{container="app",namespace="shop",pod="web-1"} {{start}}
        container_memory_working_set_bytes{container="odd \"quoted\"",namespace="x",pod="y"} 1
        scrape_error 0
        """;

    [Fact]
    public void ParsesTheNodeAndEveryContainerWithEscapedLabels()
    {
        var scrape = ResourceText.Parse(Text(100, 5), T0);
        Assert.Equal(100, scrape.NodeCpuSeconds);
        Assert.Equal(2147483648, scrape.NodeMemoryBytes);
        var app = Assert.Single(scrape.Containers, c => c.Container == "app");
        Assert.Equal(("shop", "web-1", 5.0, 10485760.0, 1700000000.0), (app.Namespace, app.Pod, app.CpuSeconds!.Value, app.MemoryBytes!.Value, app.StartTime!.Value));
        Assert.Contains(scrape.Containers, c => c.Container == "odd \"quoted\"" && c.Pod == "y");
    }

    [Fact]
    public void CpuIsTheCounterGrowthOverTheWindowInNanocores()
    {
        var usage = UsageRates.Between("n1", ResourceText.Parse(Text(100, 5), T0), ResourceText.Parse(Text(115, 5.75), T0.AddSeconds(15)))!;
        Assert.Equal(1_000_000_000, usage.CpuNanoCores);
        Assert.Equal(TimeSpan.FromSeconds(15), usage.Window);
        var pod = Assert.Single(usage.Pods);
        var app = Assert.Single(pod.Containers, c => c.Name == "app");
        Assert.Equal(50_000_000, app.CpuNanoCores);
        Assert.Equal(10485760, app.MemoryBytes);
        Assert.Equal(0, Assert.Single(pod.Containers, c => c.Name == "side").CpuNanoCores);
    }

    [Fact]
    public void ARestartedContainerLeavesItsPodOutForOneWindow()
    {
        var usage = UsageRates.Between("n1", ResourceText.Parse(Text(100, 5), T0), ResourceText.Parse(Text(115, 0.5, start: 1700000900), T0.AddSeconds(15)))!;
        Assert.Empty(usage.Pods);
        Assert.Equal(1_000_000_000, usage.CpuNanoCores);
    }

    [Fact]
    public void MemoryIsWrittenInKiWhenItDividesEvenly()
    {
        Assert.Equal("10240Ki", ResourceMetricsEndpoint.Memory(10485760));
        Assert.Equal("1000", ResourceMetricsEndpoint.Memory(1000));
        Assert.Equal("15.012s", ResourceMetricsEndpoint.Window(TimeSpan.FromMilliseconds(15012)));
    }
}
