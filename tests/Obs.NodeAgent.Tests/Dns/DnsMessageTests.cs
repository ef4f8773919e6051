using System.Net;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

public sealed class DnsMessageTests
{
    private static readonly byte[] QueryBytes =
    [
        0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        3, .. "web"u8, 4, .. "shop"u8, 3, .. "svc"u8, 7, .. "cluster"u8, 5, .. "local"u8, 0,
        0x00, 0x01, 0x00, 0x01,
    ];

    private static DnsMessage Query(string name, DnsType type) => new()
    {
        Id = 0x1234,
        RecursionDesired = true,
        Questions = [new DnsQuestion(name, type)],
    };

    [Fact]
    public void AQueryEncodesToTheBytesOfRfc1035()
    {
        Assert.Equal(QueryBytes, DnsMessageWriter.Encode(Query("web.shop.svc.cluster.local", DnsType.A)));
    }

    [Fact]
    public void AQueryDecodesFromItsBytes()
    {
        var message = DnsMessageReader.Read(QueryBytes);
        Assert.Equal(0x1234, message.Id);
        Assert.False(message.IsResponse);
        Assert.True(message.RecursionDesired);
        Assert.Equal([new DnsQuestion("web.shop.svc.cluster.local", DnsType.A)], message.Questions);
        Assert.Null(message.Edns);
    }

    [Fact]
    public void TheAnswerNamePointsBackAtTheQuestion()
    {
        var response = Query("web.shop.svc.cluster.local", DnsType.A) with
        {
            IsResponse = true,
            Authoritative = true,
            RecursionAvailable = true,
            Answers = [new DnsRecord("web.shop.svc.cluster.local", DnsType.A, 5, new AddressData(IPAddress.Parse("127.77.0.10")))],
        };
        byte[] expected =
        [
            0x12, 0x34, 0x85, 0x80, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
            .. QueryBytes.AsSpan(12),
            0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x05, 0x00, 0x04, 127, 77, 0, 10,
        ];
        Assert.Equal(expected, DnsMessageWriter.Encode(response));
    }

    [Fact]
    public void SrvTargetsAreWrittenWholeAndLaterNamesPointIntoThem()
    {
        var response = Query("_http._tcp.web.shop.svc.cluster.local", DnsType.SRV) with
        {
            IsResponse = true,
            Answers = [new DnsRecord("_http._tcp.web.shop.svc.cluster.local", DnsType.SRV, 5, new ServiceData(0, 100, 80, "web.shop.svc.cluster.local"))],
            Additional = [new DnsRecord("web.shop.svc.cluster.local", DnsType.A, 5, new AddressData(IPAddress.Parse("127.77.0.20")))],
        };
        var bytes = DnsMessageWriter.Encode(response);
        // Header 12, question 39 + 4 = 55; answer: pointer (2) + type/class/ttl/length (10) + 6 = 73;
        // the target "web.shop..." follows uncompressed... then the additional record's owner is a
        // pointer to the question's "web" label at 12 + 11 = 23 (0xC017).
        var answerAt = 12 + 39 + 4;
        Assert.Equal(new byte[] { 0xC0, 0x0C }, bytes[answerAt..(answerAt + 2)]);
        var target = answerAt + 2 + 10 + 6;
        Assert.Equal(new byte[] { 3, (byte)'w', (byte)'e', (byte)'b', 4 }, bytes[target..(target + 5)]);
        var additionalAt = target + 28;
        Assert.Equal(new byte[] { 0xC0, 23 }, bytes[additionalAt..(additionalAt + 2)]);
        Assert.Equal(additionalAt + 2 + 10 + 4, bytes.Length);
        Assert.Equal(DnsText.Format(response.Answers.Concat(response.Additional)), DnsText.Format(DnsMessageReader.Read(bytes).Answers.Concat(DnsMessageReader.Read(bytes).Additional)));
    }

    [Fact]
    public void EveryRecordTypeSurvivesARoundTrip()
    {
        var message = new DnsMessage
        {
            Id = 7,
            IsResponse = true,
            Authoritative = true,
            RecursionDesired = true,
            RecursionAvailable = true,
            ResponseCode = DnsResponseCode.NXDomain,
            Questions = [new DnsQuestion("Mixed.Case.example", DnsType.ANY)],
            Answers =
            [
                new DnsRecord("mixed.case.example", DnsType.A, 30, new AddressData(IPAddress.Parse("10.1.2.3"))),
                new DnsRecord("mixed.case.example", DnsType.AAAA, 30, new AddressData(IPAddress.Parse("fd00::1"))),
                new DnsRecord("alias.example", DnsType.CNAME, 30, new NameData("mixed.case.example")),
                new DnsRecord("_x._udp.example", DnsType.SRV, 30, new ServiceData(1, 2, 3, "mixed.case.example")),
                new DnsRecord("example", DnsType.TXT, 30, new OpaqueData([5, .. "hello"u8])),
            ],
            Authority = [new DnsRecord("example", DnsType.SOA, 30, new AuthorityData("ns.example", "hostmaster.example", 1, 2, 3, 4, 5))],
            Additional = [new DnsRecord("example", DnsType.NS, 30, new NameData("ns.example"))],
            Edns = new EdnsOptions(1232, DnssecOk: true),
        };
        var read = DnsMessageReader.Read(DnsMessageWriter.Encode(message));
        Assert.Equal(message.Questions, read.Questions);
        Assert.Equal(DnsText.Format(message.Answers), DnsText.Format(read.Answers));
        Assert.Equal(DnsText.Format(message.Authority), DnsText.Format(read.Authority));
        Assert.Equal(DnsText.Format(message.Additional), DnsText.Format(read.Additional));
        Assert.Equal(message.Edns, read.Edns);
        Assert.Equal(DnsResponseCode.NXDomain, read.ResponseCode);
        Assert.True(read.Authoritative && read.RecursionDesired && read.RecursionAvailable && read.IsResponse);
        Assert.False(read.Truncated);
    }

    [Fact]
    public void AnExtendedResponseCodeGoesInTheOptRecord()
    {
        var message = new DnsMessage { Id = 1, IsResponse = true, ResponseCode = DnsResponseCode.BadVers, Edns = new EdnsOptions(1232) };
        var bytes = DnsMessageWriter.Encode(message);
        Assert.Equal(0, bytes[3] & 0xF);
        Assert.Equal(DnsResponseCode.BadVers, DnsMessageReader.Read(bytes).ResponseCode);
    }

    [Fact]
    public void RecordsPastTheSizeLimitAreLeftOutAndTheTruncatedBitSet()
    {
        var answers = Enumerable.Range(1, 40)
            .Select(i => new DnsRecord("many.shop.svc.cluster.local", DnsType.A, 5, new AddressData(new IPAddress([10, 0, 0, (byte)i]))))
            .ToList();
        var message = Query("many.shop.svc.cluster.local", DnsType.A) with { IsResponse = true, Answers = answers };

        var udp = DnsMessageWriter.Encode(message, 512);
        var read = DnsMessageReader.Read(udp);
        Assert.True(udp.Length <= 512);
        Assert.True(read.Truncated);
        // 12 + 33 question bytes, then 16 bytes per compressed A record: (512 - 45) / 16 = 29.
        Assert.Equal(29, read.Answers.Count);
        Assert.Equal(DnsText.Format(answers.Take(29)), DnsText.Format(read.Answers));

        var whole = DnsMessageReader.Read(DnsMessageWriter.Encode(message));
        Assert.False(whole.Truncated);
        Assert.Equal(40, whole.Answers.Count);
    }

    [Fact]
    public void TruncationKeepsTheOptRecordWithinTheLimit()
    {
        var answers = Enumerable.Range(1, 40)
            .Select(i => new DnsRecord("many.shop.svc.cluster.local", DnsType.A, 5, new AddressData(new IPAddress([10, 0, 0, (byte)i]))))
            .ToList();
        var message = Query("many.shop.svc.cluster.local", DnsType.A) with { IsResponse = true, Answers = answers, Edns = new EdnsOptions(1232) };
        var bytes = DnsMessageWriter.Encode(message, 512);
        var read = DnsMessageReader.Read(bytes);
        Assert.True(bytes.Length <= 512);
        Assert.True(read.Truncated);
        Assert.Equal(new EdnsOptions(1232), read.Edns);
        Assert.Equal(28, read.Answers.Count);
    }

    [Theory]
    [InlineData("1234")]
    [InlineData("123401000001000000000000")]
    [InlineData("12340100000100000000000003777777")]
    [InlineData("1234010000010000000000000000010001FF")]
    [InlineData("123401000001000100000000000001000100000001000400000005000000")]
    public void TruncatedOrTrailingBytesAreFormatErrors(string hex) =>
        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(Convert.FromHexString(hex)));

    [Fact]
    public void TwoOptRecordsAreAFormatError()
    {
        byte[] opt = [0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0, 0];
        byte[] bytes = [0x12, 0x34, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, .. opt, .. opt];
        Assert.Throws<DnsFormatException>(() => DnsMessageReader.Read(bytes));
    }
}
