using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class FilefdCollectorTests
{
    [Fact]
    public void FixtureGivesAllocatedAndMaximum()
    {
        Assert.Equal(""""
        # HELP node_filefd_allocated File descriptor statistics: allocated.
        # TYPE node_filefd_allocated gauge
        node_filefd_allocated 1024
        # HELP node_filefd_maximum File descriptor statistics: maximum.
        # TYPE node_filefd_maximum gauge
        node_filefd_maximum 1.631329e+06

        """", NodeFixtures.Collect(new FilefdCollector(NodeFixtures.Paths)));
    }
}
