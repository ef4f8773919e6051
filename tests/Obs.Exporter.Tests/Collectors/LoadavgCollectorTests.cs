using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class LoadavgCollectorTests
{
    [Fact]
    public void FixtureGivesThreeLoadAverages()
    {
        Assert.Equal(""""
        # HELP node_load1 1m load average.
        # TYPE node_load1 gauge
        node_load1 0.21
        # HELP node_load5 5m load average.
        # TYPE node_load5 gauge
        node_load5 0.37
        # HELP node_load15 15m load average.
        # TYPE node_load15 gauge
        node_load15 0.39

        """", NodeFixtures.Collect(new LoadavgCollector(NodeFixtures.Paths)));
    }
}
