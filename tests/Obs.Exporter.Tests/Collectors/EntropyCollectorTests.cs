using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class EntropyCollectorTests
{
    [Fact]
    public void FixtureGivesAvailableBitsAndPoolSize()
    {
        Assert.Equal(""""
        # HELP node_entropy_available_bits Bits of available entropy.
        # TYPE node_entropy_available_bits gauge
        node_entropy_available_bits 193
        # HELP node_entropy_pool_size_bits Bits of entropy pool.
        # TYPE node_entropy_pool_size_bits gauge
        node_entropy_pool_size_bits 256

        """", NodeFixtures.Collect(new EntropyCollector(NodeFixtures.Paths)));
    }
}
