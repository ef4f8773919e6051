using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class DiskstatsCollectorTests
{
    [Fact]
    public void FixtureGivesEveryDiskFamilyWithoutPartitionsOrLoopDevices()
    {
        Assert.Equal(""""
        # HELP node_disk_info Info of /sys/block/<block_device>.
        # TYPE node_disk_info gauge
        node_disk_info{device="sda",major="8",minor="0",path="pci-0000:00:17.0-ata-1",wwn="0x5000c500a0b1c2d3",model="ST1000DM010-2EP102",serial="Z9A1B2C3",revision="CC43",rotational="1"} 1
        node_disk_info{device="dm-0",major="253",minor="0",path="",wwn="",model="",serial="",revision="",rotational=""} 1
        node_disk_info{device="nvme0n1",major="259",minor="0",path="",wwn="",model="",serial="",revision="",rotational="0"} 1
        # HELP node_disk_reads_completed_total The total number of reads completed successfully.
        # TYPE node_disk_reads_completed_total counter
        node_disk_reads_completed_total{device="sda"} 2.5354637e+07
        node_disk_reads_completed_total{device="dm-0"} 1687
        node_disk_reads_completed_total{device="nvme0n1"} 47114
        # HELP node_disk_reads_merged_total The total number of reads merged.
        # TYPE node_disk_reads_merged_total counter
        node_disk_reads_merged_total{device="sda"} 3.4367663e+07
        node_disk_reads_merged_total{device="dm-0"} 0
        node_disk_reads_merged_total{device="nvme0n1"} 4
        # HELP node_disk_read_bytes_total The total number of bytes read successfully.
        # TYPE node_disk_read_bytes_total counter
        node_disk_read_bytes_total{device="sda"} 5.13713216512e+11
        node_disk_read_bytes_total{device="dm-0"} 3.6933632e+07
        node_disk_read_bytes_total{device="nvme0n1"} 2.377714176e+09
        # HELP node_disk_read_time_seconds_total The total number of seconds spent by all reads.
        # TYPE node_disk_read_time_seconds_total counter
        node_disk_read_time_seconds_total{device="sda"} 18492.372
        node_disk_read_time_seconds_total{device="dm-0"} 1.568
        node_disk_read_time_seconds_total{device="nvme0n1"} 21.650000000000002
        # HELP node_disk_writes_completed_total The total number of writes completed successfully.
        # TYPE node_disk_writes_completed_total counter
        node_disk_writes_completed_total{device="sda"} 2.8444756e+07
        node_disk_writes_completed_total{device="dm-0"} 30
        node_disk_writes_completed_total{device="nvme0n1"} 1.07832e+06
        # HELP node_disk_writes_merged_total The number of writes merged.
        # TYPE node_disk_writes_merged_total counter
        node_disk_writes_merged_total{device="sda"} 1.1134226e+07
        node_disk_writes_merged_total{device="dm-0"} 0
        node_disk_writes_merged_total{device="nvme0n1"} 43950
        # HELP node_disk_written_bytes_total The total number of bytes written successfully.
        # TYPE node_disk_written_bytes_total counter
        node_disk_written_bytes_total{device="sda"} 2.58916880384e+11
        node_disk_written_bytes_total{device="dm-0"} 122880
        node_disk_written_bytes_total{device="nvme0n1"} 2.0199236096e+10
        # HELP node_disk_write_time_seconds_total This is the total number of seconds spent by all writes.
        # TYPE node_disk_write_time_seconds_total counter
        node_disk_write_time_seconds_total{device="sda"} 63877.96
        node_disk_write_time_seconds_total{device="dm-0"} 0.004
        node_disk_write_time_seconds_total{device="nvme0n1"} 1011.053
        # HELP node_disk_io_now The number of I/Os currently in progress.
        # TYPE node_disk_io_now gauge
        node_disk_io_now{device="sda"} 0
        node_disk_io_now{device="dm-0"} 0
        node_disk_io_now{device="nvme0n1"} 0
        # HELP node_disk_io_time_seconds_total Total seconds spent doing I/Os.
        # TYPE node_disk_io_time_seconds_total counter
        node_disk_io_time_seconds_total{device="sda"} 9653.880000000001
        node_disk_io_time_seconds_total{device="dm-0"} 1.524
        node_disk_io_time_seconds_total{device="nvme0n1"} 222.766
        # HELP node_disk_io_time_weighted_seconds_total The weighted # of seconds spent doing I/Os.
        # TYPE node_disk_io_time_weighted_seconds_total counter
        node_disk_io_time_weighted_seconds_total{device="sda"} 82621.804
        node_disk_io_time_weighted_seconds_total{device="dm-0"} 1.572
        node_disk_io_time_weighted_seconds_total{device="nvme0n1"} 1032.546
        # HELP node_disk_discards_completed_total The total number of discards completed successfully.
        # TYPE node_disk_discards_completed_total counter
        node_disk_discards_completed_total{device="sda"} 201
        # HELP node_disk_discards_merged_total The total number of discards merged.
        # TYPE node_disk_discards_merged_total counter
        node_disk_discards_merged_total{device="sda"} 0
        # HELP node_disk_discarded_sectors_total The total number of sectors discarded successfully.
        # TYPE node_disk_discarded_sectors_total counter
        node_disk_discarded_sectors_total{device="sda"} 5.271864e+06
        # HELP node_disk_discard_time_seconds_total This is the total number of seconds spent by all discards.
        # TYPE node_disk_discard_time_seconds_total counter
        node_disk_discard_time_seconds_total{device="sda"} 0.005
        # HELP node_disk_flush_requests_total The total number of flush requests completed successfully
        # TYPE node_disk_flush_requests_total counter
        node_disk_flush_requests_total{device="sda"} 1201
        # HELP node_disk_flush_requests_time_seconds_total This is the total number of seconds spent by all flush requests.
        # TYPE node_disk_flush_requests_time_seconds_total counter
        node_disk_flush_requests_time_seconds_total{device="sda"} 0.042

        """", NodeFixtures.Collect(new DiskstatsCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void ExcludePatternIsConfigurable()
    {
        var text = NodeFixtures.Collect(new DiskstatsCollector(NodeFixtures.Paths, "^(sd|dm-|nvme0n1$)"));
        Assert.Contains("node_disk_reads_completed_total{device=\"loop0\"} 112\n", text, StringComparison.Ordinal);
        Assert.Contains("node_disk_reads_completed_total{device=\"nvme0n1p1\"} 1140\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("device=\"sda", text, StringComparison.Ordinal);
    }
}
