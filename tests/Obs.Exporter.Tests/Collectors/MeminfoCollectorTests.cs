using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class MeminfoCollectorTests
{
    [Fact]
    public void FixtureGivesBytesForKilobyteFieldsAndPlainCountsForHugePages()
    {
        Assert.Equal(""""
        # HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.
        # TYPE node_memory_MemTotal_bytes gauge
        node_memory_MemTotal_bytes 1.6042172416e+10
        # HELP node_memory_MemFree_bytes Memory information field MemFree_bytes.
        # TYPE node_memory_MemFree_bytes gauge
        node_memory_MemFree_bytes 4.50891776e+08
        # HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.
        # TYPE node_memory_MemAvailable_bytes gauge
        node_memory_MemAvailable_bytes 7.383461888e+09
        # HELP node_memory_Buffers_bytes Memory information field Buffers_bytes.
        # TYPE node_memory_Buffers_bytes gauge
        node_memory_Buffers_bytes 1.044611072e+09
        # HELP node_memory_Cached_bytes Memory information field Cached_bytes.
        # TYPE node_memory_Cached_bytes gauge
        node_memory_Cached_bytes 6.880403456e+09
        # HELP node_memory_SwapCached_bytes Memory information field SwapCached_bytes.
        # TYPE node_memory_SwapCached_bytes gauge
        node_memory_SwapCached_bytes 0
        # HELP node_memory_Active_bytes Memory information field Active_bytes.
        # TYPE node_memory_Active_bytes gauge
        node_memory_Active_bytes 6.923546624e+09
        # HELP node_memory_Inactive_bytes Memory information field Inactive_bytes.
        # TYPE node_memory_Inactive_bytes gauge
        node_memory_Inactive_bytes 6.009954304e+09
        # HELP node_memory_Active_anon_bytes Memory information field Active_anon_bytes.
        # TYPE node_memory_Active_anon_bytes gauge
        node_memory_Active_anon_bytes 4.696920064e+09
        # HELP node_memory_Inactive_anon_bytes Memory information field Inactive_anon_bytes.
        # TYPE node_memory_Inactive_anon_bytes gauge
        node_memory_Inactive_anon_bytes 5.93891328e+08
        # HELP node_memory_Active_file_bytes Memory information field Active_file_bytes.
        # TYPE node_memory_Active_file_bytes gauge
        node_memory_Active_file_bytes 2.22662656e+09
        # HELP node_memory_Inactive_file_bytes Memory information field Inactive_file_bytes.
        # TYPE node_memory_Inactive_file_bytes gauge
        node_memory_Inactive_file_bytes 5.416062976e+09
        # HELP node_memory_SwapTotal_bytes Memory information field SwapTotal_bytes.
        # TYPE node_memory_SwapTotal_bytes gauge
        node_memory_SwapTotal_bytes 0
        # HELP node_memory_SwapFree_bytes Memory information field SwapFree_bytes.
        # TYPE node_memory_SwapFree_bytes gauge
        node_memory_SwapFree_bytes 0
        # HELP node_memory_HugePages_Total Memory information field HugePages_Total.
        # TYPE node_memory_HugePages_Total gauge
        node_memory_HugePages_Total 0
        # HELP node_memory_HugePages_Free Memory information field HugePages_Free.
        # TYPE node_memory_HugePages_Free gauge
        node_memory_HugePages_Free 0
        # HELP node_memory_HugePages_Rsvd Memory information field HugePages_Rsvd.
        # TYPE node_memory_HugePages_Rsvd gauge
        node_memory_HugePages_Rsvd 0
        # HELP node_memory_HugePages_Surp Memory information field HugePages_Surp.
        # TYPE node_memory_HugePages_Surp gauge
        node_memory_HugePages_Surp 0
        # HELP node_memory_Hugepagesize_bytes Memory information field Hugepagesize_bytes.
        # TYPE node_memory_Hugepagesize_bytes gauge
        node_memory_Hugepagesize_bytes 2.097152e+06
        # HELP node_memory_DirectMap4k_bytes Memory information field DirectMap4k_bytes.
        # TYPE node_memory_DirectMap4k_bytes gauge
        node_memory_DirectMap4k_bytes 1.9011584e+08

        """", NodeFixtures.Collect(new MeminfoCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void LaterScrapesGiveTheSameNamesAndFollowChangedKeys()
    {
        var collector = new MeminfoCollector(NodeFixtures.Paths);
        var first = NodeFixtures.Collect(collector);
        Assert.Equal(first, NodeFixtures.Collect(collector));

        // A kernel upgrade can add a line in the middle: the names after it must follow their keys, not positions.
        var changed = Exposition.Rendered.Text(writer => collector.Write("MemTotal: 1 kB\nZswap: 2 kB\nMemFree: 3 kB\n"u8, writer));
        Assert.Contains("node_memory_Zswap_bytes 2048\n", changed, StringComparison.Ordinal);
        Assert.Contains("node_memory_MemFree_bytes 3072\n", changed, StringComparison.Ordinal);
    }
}
