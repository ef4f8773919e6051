using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class SoftnetCollectorTests
{
    [Fact]
    public void FixtureGivesTheFirstThreeHexColumnsPerCpuNumberedByLine()
    {
        Assert.Equal(""""
        # HELP node_softnet_processed_total Number of processed packets
        # TYPE node_softnet_processed_total counter
        node_softnet_processed_total{cpu="0"} 1.4481491e+07
        node_softnet_processed_total{cpu="1"} 1.391443e+07
        # HELP node_softnet_dropped_total Number of dropped packets
        # TYPE node_softnet_dropped_total counter
        node_softnet_dropped_total{cpu="0"} 0
        node_softnet_dropped_total{cpu="1"} 10
        # HELP node_softnet_times_squeezed_total Number of times processing packets ran out of quota
        # TYPE node_softnet_times_squeezed_total counter
        node_softnet_times_squeezed_total{cpu="0"} 7
        node_softnet_times_squeezed_total{cpu="1"} 8

        """", NodeFixtures.Collect(new SoftnetCollector(NodeFixtures.Paths)));
    }
}
