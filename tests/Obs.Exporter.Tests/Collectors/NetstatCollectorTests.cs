using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class NetstatCollectorTests
{
    // What Debian's node_exporter 1.5 served on the machine these fixture files were read from.
    private static readonly string[] NodeExporterFamilies =
    [
        "node_netstat_Icmp6_InErrors", "node_netstat_Icmp6_InMsgs", "node_netstat_Icmp6_OutMsgs", "node_netstat_Icmp_InErrors",
        "node_netstat_Icmp_InMsgs", "node_netstat_Icmp_OutMsgs", "node_netstat_Ip6_InOctets", "node_netstat_Ip6_OutOctets",
        "node_netstat_IpExt_InOctets", "node_netstat_IpExt_OutOctets", "node_netstat_Ip_Forwarding", "node_netstat_TcpExt_ListenDrops",
        "node_netstat_TcpExt_ListenOverflows", "node_netstat_TcpExt_SyncookiesFailed", "node_netstat_TcpExt_SyncookiesRecv",
        "node_netstat_TcpExt_SyncookiesSent", "node_netstat_TcpExt_TCPSynRetrans", "node_netstat_TcpExt_TCPTimeouts",
        "node_netstat_Tcp_ActiveOpens", "node_netstat_Tcp_CurrEstab", "node_netstat_Tcp_InErrs", "node_netstat_Tcp_InSegs",
        "node_netstat_Tcp_OutRsts", "node_netstat_Tcp_OutSegs", "node_netstat_Tcp_PassiveOpens", "node_netstat_Tcp_RetransSegs",
        "node_netstat_Udp6_InDatagrams", "node_netstat_Udp6_InErrors", "node_netstat_Udp6_NoPorts", "node_netstat_Udp6_OutDatagrams",
        "node_netstat_Udp6_RcvbufErrors", "node_netstat_Udp6_SndbufErrors", "node_netstat_UdpLite6_InErrors", "node_netstat_UdpLite_InErrors",
        "node_netstat_Udp_InDatagrams", "node_netstat_Udp_InErrors", "node_netstat_Udp_NoPorts", "node_netstat_Udp_OutDatagrams",
        "node_netstat_Udp_RcvbufErrors", "node_netstat_Udp_SndbufErrors",
    ];

    [Fact]
    public void DefaultFieldsGiveNodeExportersFamiliesFromAllThreeFiles()
    {
        var samples = ExpositionSamples.Parse(NodeFixtures.Collect(new NetstatCollector(NodeFixtures.Paths)));

        Assert.Equal(NodeExporterFamilies.Order(StringComparer.Ordinal), samples.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(178664, samples["node_netstat_Tcp_RetransSegs"]);
        Assert.Equal(2, samples["node_netstat_Ip_Forwarding"]);
        Assert.Equal(3068, samples["node_netstat_Udp_RcvbufErrors"]);
    }

    [Fact]
    public void FamiliesAreUntypedWithNodeExportersHelp()
    {
        var text = NodeFixtures.Collect(new NetstatCollector(NodeFixtures.Paths));

        Assert.Contains("""
            # HELP node_netstat_Tcp_RetransSegs Statistic TcpRetransSegs.
            # TYPE node_netstat_Tcp_RetransSegs untyped
            node_netstat_Tcp_RetransSegs 178664

            """, text, StringComparison.Ordinal);
        Assert.Contains("# HELP node_netstat_Ip6_InOctets Statistic Ip6InOctets.\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FieldsPatternChoosesOtherCountersIncludingNegativeOnes()
    {
        var text = NodeFixtures.Collect(new NetstatCollector(NodeFixtures.Paths, "^Tcp_(MaxConn|RtoMin)$"));

        Assert.Equal(""""
            # HELP node_netstat_Tcp_RtoMin Statistic TcpRtoMin.
            # TYPE node_netstat_Tcp_RtoMin untyped
            node_netstat_Tcp_RtoMin 200
            # HELP node_netstat_Tcp_MaxConn Statistic TcpMaxConn.
            # TYPE node_netstat_Tcp_MaxConn untyped
            node_netstat_Tcp_MaxConn -1

            """", text);
    }

    [Fact]
    public void WithoutIpv6TheSnmp6CountersAreLeftOut()
    {
        using var proc = new TemporaryDirectory();
        proc.Write("net/netstat", "TcpExt: ListenDrops ListenOverflows\nTcpExt: 4 5\n");
        proc.Write("net/snmp", "Tcp: ActiveOpens CurrEstab\nTcp: 10 3\n");

        var samples = ExpositionSamples.Parse(NodeFixtures.Collect(new NetstatCollector(new NodePaths(proc.Path))));

        Assert.Equal(new Dictionary<string, double>
        {
            ["node_netstat_TcpExt_ListenDrops"] = 4,
            ["node_netstat_TcpExt_ListenOverflows"] = 5,
            ["node_netstat_Tcp_ActiveOpens"] = 10,
            ["node_netstat_Tcp_CurrEstab"] = 3,
        }, samples);
    }
}
