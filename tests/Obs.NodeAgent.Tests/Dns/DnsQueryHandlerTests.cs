using System.Net;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

public sealed class DnsQueryHandlerTests
{
    private static readonly ClusterDnsOptions Options = new() { UpstreamTimeout = TimeSpan.FromMilliseconds(300) };

    private static DnsQueryHandler Handler(UpstreamForwarder? forwarder = null) => new(ZoneFixture.Shop().Zone(), forwarder, Options);

    private static byte[] Query(string name, DnsType type, EdnsOptions? edns = null, ushort id = 0xBEEF) =>
        DnsMessageWriter.Encode(new DnsMessage { Id = id, RecursionDesired = true, Questions = [new DnsQuestion(name, type)], Edns = edns });

    private static async Task<DnsMessage> Ask(DnsQueryHandler handler, byte[] query, DnsTransport transport = DnsTransport.Udp) =>
        DnsMessageReader.Read((await handler.HandleAsync(query, transport, CancellationToken.None))!);

    [Fact]
    public async Task AClusterNameIsAnsweredAuthoritativelyWithTheQuestionEchoed()
    {
        var response = await Ask(Handler(), Query("web.shop.svc.cluster.local", DnsType.A));
        Assert.Equal(0xBEEF, response.Id);
        Assert.True(response.IsResponse && response.Authoritative && response.RecursionDesired && response.RecursionAvailable);
        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.Equal([new DnsQuestion("web.shop.svc.cluster.local", DnsType.A)], response.Questions);
        Assert.Equal(["web.shop.svc.cluster.local 5 A 127.77.0.20"], DnsText.Format(response.Answers));
        Assert.Null(response.Edns);
    }

    [Fact]
    public async Task AQueryWithEdnsGetsAnOptRecordBack()
    {
        var response = await Ask(Handler(), Query("web.shop.svc.cluster.local", DnsType.A, new EdnsOptions(4096)));
        Assert.Equal(new EdnsOptions(1232), response.Edns);
    }

    [Fact]
    public async Task AnEdnsVersionAboveZeroIsBadVers()
    {
        var response = await Ask(Handler(), Query("web.shop.svc.cluster.local", DnsType.A, new EdnsOptions(4096, Version: 1)));
        Assert.Equal(DnsResponseCode.BadVers, response.ResponseCode);
        Assert.Empty(response.Answers);
    }

    [Fact]
    public async Task MessagesShorterThanAHeaderAndResponsesAreDropped()
    {
        Assert.Null(await Handler().HandleAsync(new byte[11], DnsTransport.Udp, CancellationToken.None));
        var response = DnsMessageWriter.Encode(new DnsMessage { Id = 1, IsResponse = true, Questions = [new DnsQuestion("a", DnsType.A)] });
        Assert.Null(await Handler().HandleAsync(response, DnsTransport.Udp, CancellationToken.None));
    }

    [Fact]
    public async Task AMalformedQueryIsFormErrWithItsId()
    {
        byte[] query = [0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, (byte)'a'];
        var response = await Ask(Handler(), query);
        Assert.Equal(0xABCD, response.Id);
        Assert.True(response.IsResponse);
        Assert.True(response.RecursionDesired);
        Assert.Equal(DnsResponseCode.FormErr, response.ResponseCode);
        Assert.Empty(response.Questions);
    }

    [Fact]
    public async Task TwoQuestionsAreFormErr()
    {
        var query = DnsMessageWriter.Encode(new DnsMessage { Id = 9, Questions = [new DnsQuestion("a.cluster.local", DnsType.A), new DnsQuestion("b.cluster.local", DnsType.A)] });
        Assert.Equal(DnsResponseCode.FormErr, (await Ask(Handler(), query)).ResponseCode);
    }

    [Fact]
    public async Task OpcodesOtherThanQueryAreNotImplemented()
    {
        var query = DnsMessageWriter.Encode(new DnsMessage { Id = 9, Opcode = 2, Questions = [new DnsQuestion("web.shop.svc.cluster.local", DnsType.A)] });
        var response = await Ask(Handler(), query);
        Assert.Equal(DnsResponseCode.NotImp, response.ResponseCode);
        Assert.Equal(2, response.Opcode);
    }

    [Fact]
    public async Task NamesOutsideTheZoneAreRefusedWithoutUpstreams()
    {
        var response = await Ask(Handler(new UpstreamForwarder([], Options.UpstreamTimeout)), Query("example.org", DnsType.A));
        Assert.Equal(DnsResponseCode.Refused, response.ResponseCode);
        Assert.False(response.Authoritative);
    }

    [Theory]
    [InlineData(DnsTransport.Udp)]
    [InlineData(DnsTransport.Tcp)]
    public async Task NamesOutsideTheZoneAreForwardedAndTheAnswerKeepsTheClientsId(DnsTransport transport)
    {
        await using var upstream = new FakeUpstream(IPAddress.Parse("192.0.2.7"));
        var response = await Ask(Handler(new UpstreamForwarder([upstream.EndPoint], TimeSpan.FromSeconds(5))), Query("Example.org", DnsType.A, id: 0x4242), transport);
        Assert.Equal(0x4242, response.Id);
        Assert.Equal(["Example.org 300 A 192.0.2.7"], DnsText.Format(response.Answers));
        Assert.Equal(1, upstream.Queries);
    }

    [Fact]
    public async Task ASilentUpstreamIsPassedOverForTheNext()
    {
        await using var silent = new FakeUpstream(IPAddress.Parse("192.0.2.1"), silent: true);
        await using var answering = new FakeUpstream(IPAddress.Parse("192.0.2.2"));
        var response = await Ask(Handler(new UpstreamForwarder([silent.EndPoint, answering.EndPoint], TimeSpan.FromMilliseconds(300))), Query("example.org", DnsType.A));
        Assert.Equal(["example.org 300 A 192.0.2.2"], DnsText.Format(response.Answers));
        Assert.Equal(1, silent.Queries);
    }

    [Fact]
    public async Task WhenNoUpstreamAnswersInTimeTheAnswerIsServFail()
    {
        await using var silent = new FakeUpstream(IPAddress.Parse("192.0.2.1"), silent: true);
        var response = await Ask(Handler(new UpstreamForwarder([silent.EndPoint], TimeSpan.FromMilliseconds(200))), Query("example.org", DnsType.A));
        Assert.Equal(DnsResponseCode.ServFail, response.ResponseCode);
        Assert.Equal([new DnsQuestion("example.org", DnsType.A)], response.Questions);
    }

    [Fact]
    public async Task AnUnwritableExternalNameIsServFailNotACrash()
    {
        var fixture = ZoneFixture.Shop();
        fixture.Add(fixture.Services, """{"metadata":{"name":"bad","namespace":"shop"},"spec":{"type":"ExternalName","externalName":"a..b"}}""");
        var handler = new DnsQueryHandler(fixture.Zone(), null, Options);
        Assert.Equal(DnsResponseCode.ServFail, (await Ask(handler, Query("bad.shop.svc.cluster.local", DnsType.A))).ResponseCode);
    }

    [Fact]
    public async Task UdpAnswersOver512BytesAreTruncatedUnlessEdnsAllowsMore()
    {
        var fixture = ZoneFixture.Shop();
        var endpoints = string.Join(',', Enumerable.Range(1, 60).Select(i => $$$"""{"addresses":["10.1.0.{{{i}}}"],"conditions":{"ready":true}}"""));
        fixture.Add(fixture.Services, """{"metadata":{"name":"big","namespace":"shop"},"spec":{"clusterIP":"None"}}""");
        fixture.Add(fixture.Slices, $$$"""{"metadata":{"name":"big-x","namespace":"shop","labels":{"kubernetes.io/service-name":"big"}},"endpoints":[{{{endpoints}}}]}""");
        var handler = new DnsQueryHandler(fixture.Zone(), null, Options);

        var udp = await handler.HandleAsync(Query("big.shop.svc.cluster.local", DnsType.A), DnsTransport.Udp, CancellationToken.None);
        Assert.True(udp!.Length <= 512);
        Assert.True(DnsMessageReader.Read(udp).Truncated);

        var tcp = DnsMessageReader.Read((await handler.HandleAsync(Query("big.shop.svc.cluster.local", DnsType.A), DnsTransport.Tcp, CancellationToken.None))!);
        Assert.False(tcp.Truncated);
        Assert.Equal(60, tcp.Answers.Count);

        var edns = DnsMessageReader.Read((await handler.HandleAsync(Query("big.shop.svc.cluster.local", DnsType.A, new EdnsOptions(1232)), DnsTransport.Udp, CancellationToken.None))!);
        Assert.False(edns.Truncated);
        Assert.Equal(60, edns.Answers.Count);
    }
}
