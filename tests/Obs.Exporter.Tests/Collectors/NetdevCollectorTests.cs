using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class NetdevCollectorTests
{
    [Fact]
    public void FixtureGivesSixteenCountersPerDeviceWithoutLoopbackAndNohandlerFromSysfs()
    {
        Assert.Equal(""""
        # HELP node_network_receive_bytes_total Network device statistic receive_bytes.
        # TYPE node_network_receive_bytes_total counter
        node_network_receive_bytes_total{device="eth0"} 6.8210035552e+10
        node_network_receive_bytes_total{device="docker0"} 2232
        node_network_receive_bytes_total{device="veth4f8a"} 1000
        # HELP node_network_receive_packets_total Network device statistic receive_packets.
        # TYPE node_network_receive_packets_total counter
        node_network_receive_packets_total{device="eth0"} 5.20993275e+08
        node_network_receive_packets_total{device="docker0"} 54
        node_network_receive_packets_total{device="veth4f8a"} 10
        # HELP node_network_receive_errs_total Network device statistic receive_errs.
        # TYPE node_network_receive_errs_total counter
        node_network_receive_errs_total{device="eth0"} 0
        node_network_receive_errs_total{device="docker0"} 1
        node_network_receive_errs_total{device="veth4f8a"} 0
        # HELP node_network_receive_drop_total Network device statistic receive_drop.
        # TYPE node_network_receive_drop_total counter
        node_network_receive_drop_total{device="eth0"} 0
        node_network_receive_drop_total{device="docker0"} 2
        node_network_receive_drop_total{device="veth4f8a"} 0
        # HELP node_network_receive_fifo_total Network device statistic receive_fifo.
        # TYPE node_network_receive_fifo_total counter
        node_network_receive_fifo_total{device="eth0"} 0
        node_network_receive_fifo_total{device="docker0"} 0
        node_network_receive_fifo_total{device="veth4f8a"} 0
        # HELP node_network_receive_frame_total Network device statistic receive_frame.
        # TYPE node_network_receive_frame_total counter
        node_network_receive_frame_total{device="eth0"} 0
        node_network_receive_frame_total{device="docker0"} 0
        node_network_receive_frame_total{device="veth4f8a"} 0
        # HELP node_network_receive_compressed_total Network device statistic receive_compressed.
        # TYPE node_network_receive_compressed_total counter
        node_network_receive_compressed_total{device="eth0"} 0
        node_network_receive_compressed_total{device="docker0"} 0
        node_network_receive_compressed_total{device="veth4f8a"} 0
        # HELP node_network_receive_multicast_total Network device statistic receive_multicast.
        # TYPE node_network_receive_multicast_total counter
        node_network_receive_multicast_total{device="eth0"} 0
        node_network_receive_multicast_total{device="docker0"} 0
        node_network_receive_multicast_total{device="veth4f8a"} 0
        # HELP node_network_transmit_bytes_total Network device statistic transmit_bytes.
        # TYPE node_network_transmit_bytes_total counter
        node_network_transmit_bytes_total{device="eth0"} 9.315587528e+09
        node_network_transmit_bytes_total{device="docker0"} 5120
        node_network_transmit_bytes_total{device="veth4f8a"} 2000
        # HELP node_network_transmit_packets_total Network device statistic transmit_packets.
        # TYPE node_network_transmit_packets_total counter
        node_network_transmit_packets_total{device="eth0"} 4.3451486e+07
        node_network_transmit_packets_total{device="docker0"} 31
        node_network_transmit_packets_total{device="veth4f8a"} 20
        # HELP node_network_transmit_errs_total Network device statistic transmit_errs.
        # TYPE node_network_transmit_errs_total counter
        node_network_transmit_errs_total{device="eth0"} 0
        node_network_transmit_errs_total{device="docker0"} 0
        node_network_transmit_errs_total{device="veth4f8a"} 0
        # HELP node_network_transmit_drop_total Network device statistic transmit_drop.
        # TYPE node_network_transmit_drop_total counter
        node_network_transmit_drop_total{device="eth0"} 0
        node_network_transmit_drop_total{device="docker0"} 0
        node_network_transmit_drop_total{device="veth4f8a"} 0
        # HELP node_network_transmit_fifo_total Network device statistic transmit_fifo.
        # TYPE node_network_transmit_fifo_total counter
        node_network_transmit_fifo_total{device="eth0"} 0
        node_network_transmit_fifo_total{device="docker0"} 0
        node_network_transmit_fifo_total{device="veth4f8a"} 0
        # HELP node_network_transmit_colls_total Network device statistic transmit_colls.
        # TYPE node_network_transmit_colls_total counter
        node_network_transmit_colls_total{device="eth0"} 0
        node_network_transmit_colls_total{device="docker0"} 0
        node_network_transmit_colls_total{device="veth4f8a"} 0
        # HELP node_network_transmit_carrier_total Network device statistic transmit_carrier.
        # TYPE node_network_transmit_carrier_total counter
        node_network_transmit_carrier_total{device="eth0"} 0
        node_network_transmit_carrier_total{device="docker0"} 0
        node_network_transmit_carrier_total{device="veth4f8a"} 0
        # HELP node_network_transmit_compressed_total Network device statistic transmit_compressed.
        # TYPE node_network_transmit_compressed_total counter
        node_network_transmit_compressed_total{device="eth0"} 0
        node_network_transmit_compressed_total{device="docker0"} 0
        node_network_transmit_compressed_total{device="veth4f8a"} 0
        # HELP node_network_receive_nohandler_total Network device statistic receive_nohandler.
        # TYPE node_network_receive_nohandler_total counter
        node_network_receive_nohandler_total{device="eth0"} 7

        """", NodeFixtures.Collect(new NetdevCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void EmptyExcludeKeepsTheLoopback()
    {
        var text = NodeFixtures.Collect(new NetdevCollector(NodeFixtures.Paths, ""));
        Assert.Contains("node_network_receive_bytes_total{device=\"lo\"} 4.35303245e+08\n", text, StringComparison.Ordinal);
        Assert.Contains("node_network_transmit_packets_total{device=\"lo\"} 1.832522e+06\n", text, StringComparison.Ordinal);
    }
}
