using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class ConntrackCollectorTests
{
    [Fact]
    public void FixtureGivesEntriesAndLimit()
    {
        Assert.Equal(""""
        # HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.
        # TYPE node_nf_conntrack_entries gauge
        node_nf_conntrack_entries 123
        # HELP node_nf_conntrack_entries_limit Maximum size of connection tracking table.
        # TYPE node_nf_conntrack_entries_limit gauge
        node_nf_conntrack_entries_limit 65536

        """", NodeFixtures.Collect(new ConntrackCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void WithoutTheConntrackModuleNothingIsWritten()
    {
        using var empty = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new ConntrackCollector(new NodePaths(empty.Path))));
    }
}
