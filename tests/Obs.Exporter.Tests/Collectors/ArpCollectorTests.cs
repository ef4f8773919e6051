using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class ArpCollectorTests
{
    [Fact]
    public void FixtureCountsEntriesPerDeviceIncludingIncompleteOnes()
    {
        Assert.Equal(""""
        # HELP node_arp_entries ARP entries by device
        # TYPE node_arp_entries gauge
        node_arp_entries{device="eth0"} 3
        node_arp_entries{device="docker0"} 1
        node_arp_entries{device="cni0"} 1

        """", NodeFixtures.Collect(new ArpCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void DeviceExcludeAndIncludeFilterAsNodeExporterFlags()
    {
        var excluded = NodeFixtures.Collect(new ArpCollector(NodeFixtures.Paths, deviceExclude: "^(docker|cni)"));
        Assert.Contains("node_arp_entries{device=\"eth0\"} 3\n", excluded, StringComparison.Ordinal);
        Assert.DoesNotContain("docker0", excluded, StringComparison.Ordinal);
        Assert.DoesNotContain("cni0", excluded, StringComparison.Ordinal);

        var included = NodeFixtures.Collect(new ArpCollector(NodeFixtures.Paths, deviceInclude: "^cni"));
        Assert.DoesNotContain("eth0", included, StringComparison.Ordinal);
        Assert.Contains("node_arp_entries{device=\"cni0\"} 1\n", included, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyTableWritesNoFamily()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("net/arp", "IP address       HW type     Flags       HW address            Mask     Device\n");
        Assert.Equal("", NodeFixtures.Collect(new ArpCollector(new NodePaths(directory.Path))));
    }
}
