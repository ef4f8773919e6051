using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class UdpQueuesCollectorTests
{
    [Fact]
    public void FixtureSumsTheHexQueuesOfEverySocketPerFamily()
    {
        // v4: tx 0x100; rx 0xa00 + 0x1000. v6: tx 0x20, rx 0x40.
        Assert.Equal(""""
        # HELP node_udp_queues Number of allocated memory in the kernel for UDP datagrams in bytes.
        # TYPE node_udp_queues gauge
        node_udp_queues{ip="v4",queue="rx"} 6656
        node_udp_queues{ip="v4",queue="tx"} 256
        node_udp_queues{ip="v6",queue="rx"} 64
        node_udp_queues{ip="v6",queue="tx"} 32

        """", NodeFixtures.Collect(new UdpQueuesCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void WithoutIpv6OnlyTheV4SamplesAreWritten()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("net/udp", File.ReadAllText(Path.Combine(NodeFixtures.Paths.Proc, "net/udp")));
        var text = NodeFixtures.Collect(new UdpQueuesCollector(new NodePaths(directory.Path)));
        Assert.Contains("node_udp_queues{ip=\"v4\",queue=\"tx\"} 256\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("v6", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineWithoutQueuesIsAnError()
    {
        Assert.Throws<FormatException>(() => UdpQueuesCollector.Sum("header\n 1: 00000000:0044 00000000:0000 07 garbage\n"u8));
    }
}
