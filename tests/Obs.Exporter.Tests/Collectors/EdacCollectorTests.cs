using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class EdacCollectorTests
{
    [Fact]
    public void FixtureGivesControllerAndCsrowCountersWithNoinfoAsUnknown()
    {
        Assert.Equal(""""
        # HELP node_edac_correctable_errors_total Total correctable memory errors.
        # TYPE node_edac_correctable_errors_total counter
        node_edac_correctable_errors_total{controller="0"} 1
        node_edac_correctable_errors_total{controller="1"} 11
        # HELP node_edac_uncorrectable_errors_total Total uncorrectable memory errors.
        # TYPE node_edac_uncorrectable_errors_total counter
        node_edac_uncorrectable_errors_total{controller="0"} 0
        node_edac_uncorrectable_errors_total{controller="1"} 0
        # HELP node_edac_csrow_correctable_errors_total Total correctable memory errors for this csrow.
        # TYPE node_edac_csrow_correctable_errors_total counter
        node_edac_csrow_correctable_errors_total{controller="0",csrow="unknown"} 2
        node_edac_csrow_correctable_errors_total{controller="0",csrow="0"} 3
        node_edac_csrow_correctable_errors_total{controller="0",csrow="1"} 4
        node_edac_csrow_correctable_errors_total{controller="1",csrow="unknown"} 2
        node_edac_csrow_correctable_errors_total{controller="1",csrow="0"} 3
        node_edac_csrow_correctable_errors_total{controller="1",csrow="1"} 4
        # HELP node_edac_csrow_uncorrectable_errors_total Total uncorrectable memory errors for this csrow.
        # TYPE node_edac_csrow_uncorrectable_errors_total counter
        node_edac_csrow_uncorrectable_errors_total{controller="0",csrow="unknown"} 0
        node_edac_csrow_uncorrectable_errors_total{controller="0",csrow="0"} 0
        node_edac_csrow_uncorrectable_errors_total{controller="0",csrow="1"} 1
        node_edac_csrow_uncorrectable_errors_total{controller="1",csrow="unknown"} 1
        node_edac_csrow_uncorrectable_errors_total{controller="1",csrow="0"} 0
        node_edac_csrow_uncorrectable_errors_total{controller="1",csrow="1"} 1

        """", NodeFixtures.Collect(new EdacCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void AMachineWithoutEdacReportsNothing()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new EdacCollector(new NodePaths(Sys: directory.Path))));
    }
}
