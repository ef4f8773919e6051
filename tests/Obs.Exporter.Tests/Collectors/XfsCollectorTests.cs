using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class XfsCollectorTests
{
    [Fact]
    public void FixtureGivesEachFilesystemsCountersButNotTheGlobalOnes()
    {
        var text = NodeFixtures.Collect(new XfsCollector(NodeFixtures.Paths));

        Assert.StartsWith(""""
            # HELP node_xfs_extent_allocation_extents_allocated_total Number of extents allocated for a filesystem.
            # TYPE node_xfs_extent_allocation_extents_allocated_total counter
            node_xfs_extent_allocation_extents_allocated_total{device="sda1"} 92447
            # HELP node_xfs_extent_allocation_blocks_allocated_total Number of blocks allocated for a filesystem.
            # TYPE node_xfs_extent_allocation_blocks_allocated_total counter
            node_xfs_extent_allocation_blocks_allocated_total{device="sda1"} 97589

            """", text, StringComparison.Ordinal);
        Assert.Contains("node_xfs_block_mapping_extent_list_lookups_total{device=\"sda1\"} 2.140766e+06\n", text, StringComparison.Ordinal);
        Assert.Contains("node_xfs_block_map_btree_records_deleted_total{device=\"sda1\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("node_xfs_directory_operation_getdents_total{device=\"sda1\"} 136422\n", text, StringComparison.Ordinal);
        Assert.Contains("node_xfs_read_calls_total{device=\"sda1\"} 107739\n", text, StringComparison.Ordinal);
        Assert.Contains("node_xfs_write_calls_total{device=\"sda1\"} 94045\n", text, StringComparison.Ordinal);
        Assert.Contains("node_xfs_vnode_remove_total{device=\"sda1\"} 92444\n", text, StringComparison.Ordinal);
        Assert.Equal(32, text.Split('\n').Count(line => line.StartsWith("node_xfs_", StringComparison.Ordinal)));
        Assert.DoesNotContain("device=\"stats\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ANodeWithoutXfsReportsNothing()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("fs/xfs/stats/stats", "extent_alloc 1 2 3 4\n");
        Assert.Equal("", NodeFixtures.Collect(new XfsCollector(new NodePaths(Sys: directory.Path))));
        Assert.Equal("", NodeFixtures.Collect(new XfsCollector(new NodePaths(Sys: Path.Combine(directory.Path, "absent")))));
    }

    [Fact]
    public void AShortLineFromAnOlderKernelLeavesItsMissingFieldsAtZero()
    {
        var row = new double[32];
        XfsCollector.Parse("vnodes 5 6\nrw 7 8\n"u8, row);
        // vnodes' active and allocate, rw's read and write; the other vnode fields stay zero.
        Assert.Equal(4, row.Count(value => value != 0));
    }
}
