using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

public sealed class ClusterDnsZoneTests
{
    private const string Soa = "cluster.local 5 SOA ns.dns.cluster.local hostmaster.cluster.local 42 7200 1800 86400 5";
    private readonly ClusterDnsZone _zone = ZoneFixture.Shop().Zone();

    private DnsAnswer Ask(string name, DnsType type) => _zone.Resolve(new DnsQuestion(name, type));

    private void AssertAnswer(DnsAnswer answer, DnsResponseCode code, string[] answers, string[]? additional = null, string[]? authority = null)
    {
        Assert.Equal(code, answer.Code);
        Assert.Equal(answers, DnsText.Format(answer.Answers));
        Assert.Equal(additional ?? [], DnsText.Format(answer.Additional));
        Assert.Equal(authority ?? [], DnsText.Format(answer.Authority));
    }

    [Fact]
    public void AServiceNameAnswersWithItsClusterIp() =>
        AssertAnswer(Ask("web.shop.svc.cluster.local", DnsType.A), DnsResponseCode.NoError, ["web.shop.svc.cluster.local 5 A 127.77.0.20"]);

    [Fact]
    public void NamesMatchWhateverTheirCaseAndTheAnswerKeepsTheQuestionsCase() =>
        AssertAnswer(Ask("WEB.Shop.SVC.Cluster.Local", DnsType.A), DnsResponseCode.NoError, ["WEB.Shop.SVC.Cluster.Local 5 A 127.77.0.20"]);

    [Fact]
    public void AaaaForAnIpv4ServiceIsNoDataWithTheSoa() =>
        AssertAnswer(Ask("web.shop.svc.cluster.local", DnsType.AAAA), DnsResponseCode.NoError, [], authority: [Soa]);

    [Theory]
    [InlineData("missing.shop.svc.cluster.local")]
    [InlineData("web.other.svc.cluster.local")]
    [InlineData("web.shop.svc.cluster.local.shop.svc.cluster.local")]
    [InlineData("nothing.cluster.local")]
    [InlineData("other.svc.cluster.local")]
    [InlineData("db-2.db.shop.svc.cluster.local")]
    [InlineData("db-0.web.shop.svc.cluster.local")]
    [InlineData("_http._udp.web.shop.svc.cluster.local")]
    [InlineData("_udp.db.shop.svc.cluster.local")]
    [InlineData("10-0-0-9.shop.pod.cluster.local")]
    [InlineData("10-0-0-2.other.pod.cluster.local")]
    [InlineData("010-0-0-2.shop.pod.cluster.local")]
    public void UnknownNamesInTheZoneAreNxDomainWithTheSoa(string name) =>
        AssertAnswer(Ask(name, DnsType.A), DnsResponseCode.NXDomain, [], authority: [Soa]);

    [Theory]
    [InlineData("shop.svc.cluster.local")]
    [InlineData("svc.cluster.local")]
    [InlineData("pod.cluster.local")]
    [InlineData("cluster.local")]
    [InlineData("_tcp.web.shop.svc.cluster.local")]
    public void NamesAboveExistingNamesExistWithoutRecords(string name) =>
        AssertAnswer(Ask(name, DnsType.A), DnsResponseCode.NoError, [], authority: [Soa]);

    [Fact]
    public void AHeadlessServiceAnswersWithEveryReadyEndpoint() =>
        AssertAnswer(Ask("db.shop.svc.cluster.local", DnsType.A), DnsResponseCode.NoError,
        [
            "db.shop.svc.cluster.local 5 A 10.0.0.2",
            "db.shop.svc.cluster.local 5 A 10.0.0.3",
            "db.shop.svc.cluster.local 5 A 10.0.0.5",
        ]);

    [Theory]
    [InlineData("db-0.db.shop.svc.cluster.local", "10.0.0.2")]
    [InlineData("DB-1.db.shop.svc.cluster.local", "10.0.0.3")]
    [InlineData("10-0-0-5.db.shop.svc.cluster.local", "10.0.0.5")]
    public void HeadlessEndpointsAnswerByHostnameOrDashedAddress(string name, string address) =>
        AssertAnswer(Ask(name, DnsType.A), DnsResponseCode.NoError, [$"{name} 5 A {address}"]);

    [Fact]
    public void SrvForANamedPortOfAClusterIpServicePointsAtTheServiceName() =>
        AssertAnswer(Ask("_http._tcp.web.shop.svc.cluster.local", DnsType.SRV), DnsResponseCode.NoError,
            ["_http._tcp.web.shop.svc.cluster.local 5 SRV 0 100 80 web.shop.svc.cluster.local"],
            ["web.shop.svc.cluster.local 5 A 127.77.0.20"]);

    [Fact]
    public void SrvMatchesTheProtocolOfThePort() =>
        AssertAnswer(Ask("_dns._udp.web.shop.svc.cluster.local", DnsType.SRV), DnsResponseCode.NoError,
            ["_dns._udp.web.shop.svc.cluster.local 5 SRV 0 100 53 web.shop.svc.cluster.local"],
            ["web.shop.svc.cluster.local 5 A 127.77.0.20"]);

    [Fact]
    public void SrvForAHeadlessServiceNamesEachReadyEndpointWithItsPort() =>
        AssertAnswer(Ask("_pg._tcp.db.shop.svc.cluster.local", DnsType.SRV), DnsResponseCode.NoError,
        [
            "_pg._tcp.db.shop.svc.cluster.local 5 SRV 0 33 5432 db-0.db.shop.svc.cluster.local",
            "_pg._tcp.db.shop.svc.cluster.local 5 SRV 0 33 5432 db-1.db.shop.svc.cluster.local",
            "_pg._tcp.db.shop.svc.cluster.local 5 SRV 0 33 5432 10-0-0-5.db.shop.svc.cluster.local",
        ],
        [
            "db-0.db.shop.svc.cluster.local 5 A 10.0.0.2",
            "db-1.db.shop.svc.cluster.local 5 A 10.0.0.3",
            "10-0-0-5.db.shop.svc.cluster.local 5 A 10.0.0.5",
        ]);

    [Fact]
    public void SrvForTheServiceNameListsEveryPort() =>
        AssertAnswer(Ask("web.shop.svc.cluster.local", DnsType.SRV), DnsResponseCode.NoError,
        [
            "web.shop.svc.cluster.local 5 SRV 0 100 80 web.shop.svc.cluster.local",
            "web.shop.svc.cluster.local 5 SRV 0 100 53 web.shop.svc.cluster.local",
        ],
        ["web.shop.svc.cluster.local 5 A 127.77.0.20"]);

    [Fact]
    public void ANamedPortAskedForAnAddressIsNoData() =>
        AssertAnswer(Ask("_http._tcp.web.shop.svc.cluster.local", DnsType.A), DnsResponseCode.NoError, [], authority: [Soa]);

    [Theory]
    [InlineData(DnsType.A)]
    [InlineData(DnsType.AAAA)]
    [InlineData(DnsType.CNAME)]
    public void AnExternalNameIsACname(DnsType type) =>
        AssertAnswer(Ask("ext.shop.svc.cluster.local", type), DnsResponseCode.NoError, ["ext.shop.svc.cluster.local 5 CNAME example.org"]);

    [Fact]
    public void APodNameAnswersForAPodWithThatAddressInThatNamespace() =>
        AssertAnswer(Ask("10-0-0-2.shop.pod.cluster.local", DnsType.A), DnsResponseCode.NoError, ["10-0-0-2.shop.pod.cluster.local 5 A 10.0.0.2"]);

    [Fact]
    public void TheApexAnswersSoaAndNs()
    {
        AssertAnswer(Ask("cluster.local", DnsType.SOA), DnsResponseCode.NoError, [Soa]);
        AssertAnswer(Ask("cluster.local", DnsType.NS), DnsResponseCode.NoError,
            ["cluster.local 5 NS ns.dns.cluster.local"], ["ns.dns.cluster.local 5 A 127.77.0.10"]);
    }

    [Fact]
    public void TheTtlAndTheZoneAreConfigurable()
    {
        var zone = ZoneFixture.Shop().Zone(new ClusterDnsOptions { Ttl = TimeSpan.FromSeconds(30), Zone = "obs.internal" });
        Assert.True(zone.Contains("web.shop.svc.obs.internal."));
        Assert.False(zone.Contains("web.shop.svc.cluster.local"));
        var answer = zone.Resolve(new DnsQuestion("web.shop.svc.obs.internal", DnsType.A));
        Assert.Equal(["web.shop.svc.obs.internal 30 A 127.77.0.20"], DnsText.Format(answer.Answers));
    }

    [Fact]
    public void NamesOutsideTheZoneAreNotItsOwn()
    {
        Assert.False(_zone.Contains("example.org"));
        Assert.False(_zone.Contains("notcluster.local"));
        Assert.True(_zone.Contains("CLUSTER.LOCAL."));
    }

    [Theory]
    [InlineData("20.0.77.127.in-addr.arpa", "web.shop.svc.cluster.local")]
    [InlineData("2.0.0.10.IN-ADDR.ARPA.", "db-0.db.shop.svc.cluster.local")]
    [InlineData("5.0.0.10.in-addr.arpa", "10-0-0-5.db.shop.svc.cluster.local")]
    public void AClusterIpOrAHeadlessEndpointHasAPtrRecord(string name, string target)
    {
        Assert.True(_zone.TryResolveReverse(new DnsQuestion(name, DnsType.PTR), out var answer));
        Assert.Equal([$"{name} 5 PTR {target}"], DnsText.Format(answer.Answers));
    }

    [Theory]
    [InlineData("9.0.0.10.in-addr.arpa", DnsType.PTR)]
    [InlineData("4.0.0.10.in-addr.arpa", DnsType.PTR)]
    [InlineData("20.0.77.127.in-addr.arpa", DnsType.A)]
    [InlineData("020.0.77.127.in-addr.arpa", DnsType.PTR)]
    [InlineData("0.77.127.in-addr.arpa", DnsType.PTR)]
    public void OtherReverseNamesFallThroughToTheUpstreams(string name, DnsType type) =>
        Assert.False(_zone.TryResolveReverse(new DnsQuestion(name, type), out _));
}
