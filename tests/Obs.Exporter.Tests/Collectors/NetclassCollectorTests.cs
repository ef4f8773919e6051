using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class NetclassCollectorTests
{
    [Fact]
    public void FixtureGivesInfoUpAndPropertiesLeavingOutWhatTheKernelRefuses()
    {
        var samples = ExpositionSamples.Parse(NodeFixtures.Collect(new NetclassCollector(NodeFixtures.Paths)));

        Assert.Equal(1, samples["node_network_info{address=\"02:fc:00:00:00:01\",broadcast=\"ff:ff:ff:ff:ff:ff\",device=\"eth0\",duplex=\"full\",ifalias=\"uplink\",operstate=\"up\"}"]);
        // The loopback's duplex cannot be read (EINVAL): an empty label, as node_exporter writes it.
        Assert.Equal(1, samples["node_network_info{address=\"00:00:00:00:00:00\",broadcast=\"00:00:00:00:00:00\",device=\"lo\",duplex=\"\",ifalias=\"\",operstate=\"unknown\"}"]);
        Assert.Equal(1, samples["node_network_up{device=\"eth0\"}"]);
        Assert.Equal(0, samples["node_network_up{device=\"lo\"}"]);
        Assert.Equal(1400, samples["node_network_mtu_bytes{device=\"eth0\"}"]);
        Assert.Equal(65536, samples["node_network_mtu_bytes{device=\"lo\"}"]);
        Assert.Equal(1_250_000_000, samples["node_network_speed_bytes{device=\"eth0\"}"]);
        Assert.False(samples.ContainsKey("node_network_speed_bytes{device=\"lo\"}"));
        Assert.Equal(4099, samples["node_network_flags{device=\"eth0\"}"]);
        Assert.Equal(2, samples["node_network_carrier_changes_total{device=\"eth0\"}"]);
        Assert.Equal(1000, samples["node_network_transmit_queue_length{device=\"eth0\"}"]);
    }

    [Fact]
    public void FamiliesCarryNodeExportersTypesAndHelp()
    {
        var text = NodeFixtures.Collect(new NetclassCollector(NodeFixtures.Paths));

        Assert.Contains("# HELP node_network_up Value is 1 if operstate is 'up', 0 otherwise.\n# TYPE node_network_up gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP node_network_info Non-numeric data from /sys/class/net/<iface>, value is always 1.\n# TYPE node_network_info gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP node_network_carrier_changes_total Network device property: carrier_changes_total\n# TYPE node_network_carrier_changes_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("# HELP node_network_speed_bytes Network device property: speed_bytes\n# TYPE node_network_speed_bytes gauge\nnode_network_speed_bytes{device=\"eth0\"} 1.25e+09\n# HELP", text, StringComparison.Ordinal);
    }

    [Fact]
    public void IgnoredDevicesAreLeftOut()
    {
        var text = NodeFixtures.Collect(new NetclassCollector(NodeFixtures.Paths, "^lo$"));

        Assert.Contains("node_network_up{device=\"eth0\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("device=\"lo\"", text, StringComparison.Ordinal);
    }
}
