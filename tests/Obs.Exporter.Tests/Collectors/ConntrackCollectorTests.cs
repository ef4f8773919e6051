using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class ConntrackCollectorTests
{
    /// <summary>The table's size and limit, and the statistics of /proc/net/stat/nf_conntrack summed over the CPUs' rows.</summary>
    [Fact]
    public void FixtureGivesEntriesLimitAndStatisticsSummedOverCpus()
    {
        Assert.Equal(""""
        # HELP node_nf_conntrack_entries Number of currently allocated flow entries for connection tracking.
        # TYPE node_nf_conntrack_entries gauge
        node_nf_conntrack_entries 123
        # HELP node_nf_conntrack_entries_limit Maximum size of connection tracking table.
        # TYPE node_nf_conntrack_entries_limit gauge
        node_nf_conntrack_entries_limit 65536
        # HELP node_nf_conntrack_stat_drop Number of packets dropped due to conntrack failure.
        # TYPE node_nf_conntrack_stat_drop gauge
        node_nf_conntrack_stat_drop 3
        # HELP node_nf_conntrack_stat_early_drop Number of dropped conntrack entries to make room for new ones, if maximum table size was reached.
        # TYPE node_nf_conntrack_stat_early_drop gauge
        node_nf_conntrack_stat_early_drop 1
        # HELP node_nf_conntrack_stat_found Number of searched entries which were successful.
        # TYPE node_nf_conntrack_stat_found gauge
        node_nf_conntrack_stat_found 21
        # HELP node_nf_conntrack_stat_ignore Number of packets seen which are already connected to a conntrack entry.
        # TYPE node_nf_conntrack_stat_ignore gauge
        node_nf_conntrack_stat_ignore 512
        # HELP node_nf_conntrack_stat_insert Number of entries inserted into the list.
        # TYPE node_nf_conntrack_stat_insert gauge
        node_nf_conntrack_stat_insert 36
        # HELP node_nf_conntrack_stat_insert_failed Number of entries for which list insertion was attempted but failed.
        # TYPE node_nf_conntrack_stat_insert_failed gauge
        node_nf_conntrack_stat_insert_failed 1
        # HELP node_nf_conntrack_stat_invalid Number of packets seen which can not be tracked.
        # TYPE node_nf_conntrack_stat_invalid gauge
        node_nf_conntrack_stat_invalid 4
        # HELP node_nf_conntrack_stat_search_restart Number of conntrack table lookups which had to be restarted due to hashtable resizes.
        # TYPE node_nf_conntrack_stat_search_restart gauge
        node_nf_conntrack_stat_search_restart 16

        """", NodeFixtures.Collect(new ConntrackCollector(NodeFixtures.Paths)));
    }

    /// <summary>Kernels before 5.10 name the second and eighth columns searched and delete_list: the columns are found by name.</summary>
    [Fact]
    public void StatisticsColumnsAreFoundByTheirHeaderNames()
    {
        using var root = new TemporaryDirectory();
        root.Write("sys/net/netfilter/nf_conntrack_count", "7\n");
        root.Write("net/stat/nf_conntrack", """
            entries  searched found new invalid ignore delete delete_list insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart
            00000007  00000063 00000002 00000000 00000000 00000009 00000000 00000000 00000000 00000000 00000000 00000000 00000000  00000000 00000000 00000000 00000004

            """);

        var text = NodeFixtures.Collect(new ConntrackCollector(new NodePaths(root.Path)));

        Assert.Contains("node_nf_conntrack_stat_found 2\n", text, StringComparison.Ordinal);
        Assert.Contains("node_nf_conntrack_stat_ignore 9\n", text, StringComparison.Ordinal);
        Assert.Contains("node_nf_conntrack_stat_search_restart 4\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("entries_limit", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutTheConntrackModuleNothingIsWritten()
    {
        using var empty = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new ConntrackCollector(new NodePaths(empty.Path))));
    }
}
