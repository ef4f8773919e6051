using System.Net;
using System.Text.Json.Nodes;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

public sealed class PodResolvConfTests
{
    private static readonly ResolvConf Node = ResolvConf.Parse("""
        # written by the host
        nameserver 10.255.255.53
        nameserver fe80::1%eth0
        search corp.example
        options edns0 timeout:2
        """);

    private static JsonObject Pod(string spec) => (JsonObject)JsonNode.Parse($$"""{"metadata":{"name":"p","namespace":"shop"},"spec":{{spec}}}""")!;

    [Fact]
    public void TheHostsResolvConfIsParsed()
    {
        Assert.Equal(["10.255.255.53", "fe80::1%eth0"], Node.Nameservers);
        Assert.Equal(["corp.example"], Node.Searches);
        Assert.Equal(["edns0", "timeout:2"], Node.Options);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.255.255.53"), 53), new IPEndPoint(IPAddress.Parse("fe80::1%eth0"), 53)], Node.NameserverEndPoints());
    }

    [Fact]
    public void ClusterFirstPointsAtTheClusterDnsWithTheKubernetesSearchPath() =>
        Assert.Equal("""
            nameserver 127.77.0.10
            search shop.svc.cluster.local svc.cluster.local cluster.local corp.example
            options ndots:5

            """.ReplaceLineEndings("\n"), PodResolvConf.For(Pod("{}"), "127.77.0.10", "cluster.local", Node));

    [Fact]
    public void DefaultCopiesTheNodes() =>
        Assert.Equal("nameserver 10.255.255.53\nnameserver fe80::1%eth0\nsearch corp.example\noptions edns0 timeout:2\n",
            PodResolvConf.For(Pod("""{"dnsPolicy":"Default"}"""), "127.77.0.10", "cluster.local", Node));

    [Fact]
    public void AHostNetworkPodUsesTheNodesUnlessClusterFirstWithHostNet()
    {
        Assert.StartsWith("nameserver 10.255.255.53\n", PodResolvConf.For(Pod("""{"hostNetwork":true}"""), "127.77.0.10", "cluster.local", Node));
        Assert.StartsWith("nameserver 127.77.0.10\n", PodResolvConf.For(Pod("""{"hostNetwork":true,"dnsPolicy":"ClusterFirstWithHostNet"}"""), "127.77.0.10", "cluster.local", Node));
    }

    [Fact]
    public void DnsConfigIsMergedAndItsOptionsWin() =>
        Assert.Equal("nameserver 127.77.0.10\nnameserver 1.1.1.1\nsearch shop.svc.cluster.local svc.cluster.local cluster.local corp.example extra.example\noptions ndots:2 single-request\n",
            PodResolvConf.For(Pod("""
                {"dnsConfig":{"nameservers":["1.1.1.1"],"searches":["extra.example"],"options":[{"name":"ndots","value":"2"},{"name":"single-request"}]}}
                """), "127.77.0.10", "cluster.local", Node));

    [Fact]
    public void NoneUsesOnlyDnsConfig() =>
        Assert.Equal("nameserver 9.9.9.9\nsearch only.example\n",
            PodResolvConf.For(Pod("""{"dnsPolicy":"None","dnsConfig":{"nameservers":["9.9.9.9"],"searches":["only.example"]}}"""), "127.77.0.10", "cluster.local", Node));
}
