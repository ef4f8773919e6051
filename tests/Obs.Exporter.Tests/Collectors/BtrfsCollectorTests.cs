using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class BtrfsCollectorTests
{
    /// <summary>A two-device raid1 filesystem with commit statistics, and a one-device, unlabelled one from a kernel without them.</summary>
    [Fact]
    public void FixtureGivesAllocationsDevicesAndCommitsPerFilesystem()
    {
        Assert.Equal(""""
        # HELP node_btrfs_allocation_ratio Data allocation ratio for a layout/data type
        # TYPE node_btrfs_allocation_ratio gauge
        node_btrfs_allocation_ratio{block_group_type="data",mode="single",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 1
        node_btrfs_allocation_ratio{block_group_type="metadata",mode="dup",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 2
        node_btrfs_allocation_ratio{block_group_type="system",mode="dup",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 2
        node_btrfs_allocation_ratio{block_group_type="data",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 2
        node_btrfs_allocation_ratio{block_group_type="metadata",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 2
        node_btrfs_allocation_ratio{block_group_type="system",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 2
        # HELP node_btrfs_commit_seconds_total Sum of the duration of all commits, in seconds.
        # TYPE node_btrfs_commit_seconds_total counter
        node_btrfs_commit_seconds_total{uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_commit_seconds_total{uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 47836.09
        # HELP node_btrfs_commits_total The total number of commits that have occurred.
        # TYPE node_btrfs_commits_total counter
        node_btrfs_commits_total{uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_commits_total{uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 258051
        # HELP node_btrfs_device_size_bytes Size of a device that is part of the filesystem.
        # TYPE node_btrfs_device_size_bytes gauge
        node_btrfs_device_size_bytes{device="sda1",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 1.073741824e+11
        node_btrfs_device_size_bytes{device="loop25",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 1.073741824e+10
        node_btrfs_device_size_bytes{device="loop26",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 1.073741824e+10
        # HELP node_btrfs_global_rsv_size_bytes Size of global reserve.
        # TYPE node_btrfs_global_rsv_size_bytes gauge
        node_btrfs_global_rsv_size_bytes{uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 3.670016e+06
        node_btrfs_global_rsv_size_bytes{uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 1.6777216e+07
        # HELP node_btrfs_info Filesystem information
        # TYPE node_btrfs_info gauge
        node_btrfs_info{label="",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 1
        node_btrfs_info{label="fixture",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 1
        # HELP node_btrfs_last_commit_seconds Duration of the most recent commit, in seconds.
        # TYPE node_btrfs_last_commit_seconds gauge
        node_btrfs_last_commit_seconds{uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_last_commit_seconds{uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 1
        # HELP node_btrfs_max_commit_seconds Duration of the slowest commit, in seconds.
        # TYPE node_btrfs_max_commit_seconds gauge
        node_btrfs_max_commit_seconds{uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_max_commit_seconds{uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 51.462
        # HELP node_btrfs_reserved_bytes Amount of space reserved for a data type
        # TYPE node_btrfs_reserved_bytes gauge
        node_btrfs_reserved_bytes{block_group_type="data",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_reserved_bytes{block_group_type="metadata",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_reserved_bytes{block_group_type="system",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 0
        node_btrfs_reserved_bytes{block_group_type="data",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 0
        node_btrfs_reserved_bytes{block_group_type="metadata",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 65536
        node_btrfs_reserved_bytes{block_group_type="system",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 0
        # HELP node_btrfs_size_bytes Amount of space allocated for a layout/data type
        # TYPE node_btrfs_size_bytes gauge
        node_btrfs_size_bytes{block_group_type="data",mode="single",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 8.388608e+06
        node_btrfs_size_bytes{block_group_type="metadata",mode="dup",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 2.68435456e+08
        node_btrfs_size_bytes{block_group_type="system",mode="dup",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 8.388608e+06
        node_btrfs_size_bytes{block_group_type="data",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 2.147483648e+09
        node_btrfs_size_bytes{block_group_type="metadata",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 1.073741824e+09
        node_btrfs_size_bytes{block_group_type="system",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 8.388608e+06
        # HELP node_btrfs_used_bytes Amount of used space by a layout/data type
        # TYPE node_btrfs_used_bytes gauge
        node_btrfs_used_bytes{block_group_type="data",mode="single",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 2.097152e+06
        node_btrfs_used_bytes{block_group_type="metadata",mode="dup",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 131072
        node_btrfs_used_bytes{block_group_type="system",mode="dup",uuid="0abb23a9-579b-43e6-ad30-227ef47fcb9d"} 16384
        node_btrfs_used_bytes{block_group_type="data",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 8.08189952e+08
        node_btrfs_used_bytes{block_group_type="metadata",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 933888
        node_btrfs_used_bytes{block_group_type="system",mode="raid1",uuid="7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"} 16384

        """", NodeFixtures.Collect(new BtrfsCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void ANodeWithoutBtrfsFilesystemsReportsNothing()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new BtrfsCollector(new NodePaths(Sys: directory.Path))));
        directory.Write("fs/btrfs/features/mixed_groups", "0\n");
        Assert.Equal("", NodeFixtures.Collect(new BtrfsCollector(new NodePaths(Sys: directory.Path))));
    }

    [Fact]
    public void ValueFilesTheKernelLacksCountZero()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("fs/btrfs/5d4b0c9e-1111-2222-3333-444455556666/allocation/data/raid5/total_bytes", "3000\n");
        directory.Write("fs/btrfs/5d4b0c9e-1111-2222-3333-444455556666/devices/vdb/size", "not a number\n");
        directory.Write("fs/btrfs/5d4b0c9e-1111-2222-3333-444455556666/devices/vdc/size", "2\n");
        directory.Write("fs/btrfs/5d4b0c9e-1111-2222-3333-444455556666/devices/vdd/size", "2\n");
        var samples = ExpositionSamples.Parse(NodeFixtures.Collect(new BtrfsCollector(new NodePaths(Sys: directory.Path))));
        const string Filesystem = "uuid=\"5d4b0c9e-1111-2222-3333-444455556666\"";
        Assert.Equal(3000, samples[$"node_btrfs_size_bytes{{block_group_type=\"data\",mode=\"raid5\",{Filesystem}}}"]);
        Assert.Equal(0, samples[$"node_btrfs_used_bytes{{block_group_type=\"data\",mode=\"raid5\",{Filesystem}}}"]);
        Assert.Equal(1.5, samples[$"node_btrfs_allocation_ratio{{block_group_type=\"data\",mode=\"raid5\",{Filesystem}}}"]);
        Assert.Equal(0, samples[$"node_btrfs_reserved_bytes{{block_group_type=\"data\",{Filesystem}}}"]);
        Assert.Equal(0, samples[$"node_btrfs_device_size_bytes{{device=\"vdb\",{Filesystem}}}"]);
        Assert.Equal(1024, samples[$"node_btrfs_device_size_bytes{{device=\"vdc\",{Filesystem}}}"]);
        Assert.Equal(0, samples[$"node_btrfs_global_rsv_size_bytes{{{Filesystem}}}"]);
        Assert.Equal(1, samples[$"node_btrfs_info{{label=\"\",{Filesystem}}}"]);
        Assert.DoesNotContain(samples.Keys, series => series.Contains("metadata", StringComparison.Ordinal));
    }

    [Fact]
    public void CommitStatsGiveCountAndSecondsWhateverTheLineOrder()
    {
        var values = new double[4];
        BtrfsCollector.ParseCommitStats("total_commit_ms 2500\ncommits 7\ncur_commit_ms 3\nmax_commit_ms 900\nlast_commit_ms 12\n"u8, values);
        Assert.Equal([7, 0.012, 0.9, 2.5], values);
    }

    [Theory]
    [InlineData("single", 1, 1.0)]
    [InlineData("raid0", 3, 1.0)]
    [InlineData("dup", 1, 2.0)]
    [InlineData("raid10", 4, 2.0)]
    [InlineData("raid6", 4, 2.0)]
    [InlineData("raid1c3", 3, 0.0)]
    public void LayoutsRatiosAreNodeExportersOnes(string mode, int devices, double ratio) => Assert.Equal(ratio, BtrfsCollector.Ratio(mode, devices));
}
