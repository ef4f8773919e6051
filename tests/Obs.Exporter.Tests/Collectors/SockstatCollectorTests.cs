using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class SockstatCollectorTests
{
    [Fact]
    public void FixtureGivesSocketsUsedAndEveryProtocolStateWithMemoryInBytes()
    {
        var pageSize = Environment.SystemPageSize;
        Assert.Equal($""""
        # HELP node_sockstat_sockets_used Number of IPv4 sockets in use.
        # TYPE node_sockstat_sockets_used gauge
        node_sockstat_sockets_used 36
        # HELP node_sockstat_TCP_inuse Number of TCP sockets in state inuse.
        # TYPE node_sockstat_TCP_inuse gauge
        node_sockstat_TCP_inuse 5
        # HELP node_sockstat_TCP_orphan Number of TCP sockets in state orphan.
        # TYPE node_sockstat_TCP_orphan gauge
        node_sockstat_TCP_orphan 1
        # HELP node_sockstat_TCP_tw Number of TCP sockets in state tw.
        # TYPE node_sockstat_TCP_tw gauge
        node_sockstat_TCP_tw 21
        # HELP node_sockstat_TCP_alloc Number of TCP sockets in state alloc.
        # TYPE node_sockstat_TCP_alloc gauge
        node_sockstat_TCP_alloc 7
        # HELP node_sockstat_TCP_mem Number of TCP sockets in state mem.
        # TYPE node_sockstat_TCP_mem gauge
        node_sockstat_TCP_mem 3
        # HELP node_sockstat_TCP_mem_bytes Number of TCP sockets in state mem_bytes.
        # TYPE node_sockstat_TCP_mem_bytes gauge
        node_sockstat_TCP_mem_bytes {3 * pageSize}
        # HELP node_sockstat_UDP_inuse Number of UDP sockets in state inuse.
        # TYPE node_sockstat_UDP_inuse gauge
        node_sockstat_UDP_inuse 0
        # HELP node_sockstat_UDP_mem Number of UDP sockets in state mem.
        # TYPE node_sockstat_UDP_mem gauge
        node_sockstat_UDP_mem 0
        # HELP node_sockstat_UDP_mem_bytes Number of UDP sockets in state mem_bytes.
        # TYPE node_sockstat_UDP_mem_bytes gauge
        node_sockstat_UDP_mem_bytes 0
        # HELP node_sockstat_UDPLITE_inuse Number of UDPLITE sockets in state inuse.
        # TYPE node_sockstat_UDPLITE_inuse gauge
        node_sockstat_UDPLITE_inuse 0
        # HELP node_sockstat_RAW_inuse Number of RAW sockets in state inuse.
        # TYPE node_sockstat_RAW_inuse gauge
        node_sockstat_RAW_inuse 0
        # HELP node_sockstat_FRAG_inuse Number of FRAG sockets in state inuse.
        # TYPE node_sockstat_FRAG_inuse gauge
        node_sockstat_FRAG_inuse 0
        # HELP node_sockstat_FRAG_memory Number of FRAG sockets in state memory.
        # TYPE node_sockstat_FRAG_memory gauge
        node_sockstat_FRAG_memory 0
        # HELP node_sockstat_TCP6_inuse Number of TCP6 sockets in state inuse.
        # TYPE node_sockstat_TCP6_inuse gauge
        node_sockstat_TCP6_inuse 0
        # HELP node_sockstat_UDP6_inuse Number of UDP6 sockets in state inuse.
        # TYPE node_sockstat_UDP6_inuse gauge
        node_sockstat_UDP6_inuse 0
        # HELP node_sockstat_UDPLITE6_inuse Number of UDPLITE6 sockets in state inuse.
        # TYPE node_sockstat_UDPLITE6_inuse gauge
        node_sockstat_UDPLITE6_inuse 0
        # HELP node_sockstat_RAW6_inuse Number of RAW6 sockets in state inuse.
        # TYPE node_sockstat_RAW6_inuse gauge
        node_sockstat_RAW6_inuse 0
        # HELP node_sockstat_FRAG6_inuse Number of FRAG6 sockets in state inuse.
        # TYPE node_sockstat_FRAG6_inuse gauge
        node_sockstat_FRAG6_inuse 0
        # HELP node_sockstat_FRAG6_memory Number of FRAG6 sockets in state memory.
        # TYPE node_sockstat_FRAG6_memory gauge
        node_sockstat_FRAG6_memory 0

        """", NodeFixtures.Collect(new SockstatCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void WithoutIpv6OnlyTheIpv4FamiliesAreWritten()
    {
        using var proc = new TemporaryDirectory();
        proc.Write("net/sockstat", "sockets: used 2\nTCP: inuse 1 orphan 0 tw 0 alloc 1 mem 0\n");

        var text = NodeFixtures.Collect(new SockstatCollector(new NodePaths(proc.Path)));

        Assert.Contains("node_sockstat_sockets_used 2\n", text, StringComparison.Ordinal);
        Assert.Contains("node_sockstat_TCP_alloc 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("TCP6", text, StringComparison.Ordinal);
    }
}
