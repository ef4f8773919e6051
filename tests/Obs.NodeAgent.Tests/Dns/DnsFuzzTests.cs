using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>
/// Random bytes and mutated valid queries, with fixed seeds so a failure reproduces: the handler
/// never throws, and whatever it sends back is a well-formed response to the same id.
/// </summary>
public sealed class DnsFuzzTests
{
    private static readonly DnsQueryHandler Handler = new(ZoneFixture.Shop().Zone(), null, new ClusterDnsOptions());

    private static readonly byte[][] ValidQueries =
    [
        .. new[] { "web.shop.svc.cluster.local", "_pg._tcp.db.shop.svc.cluster.local", "db.shop.svc.cluster.local", "ext.shop.svc.cluster.local", "10-0-0-2.shop.pod.cluster.local", "example.org" }
            .SelectMany(name => new[] { DnsType.A, DnsType.SRV, DnsType.AAAA })
            .Select((type, i) => DnsMessageWriter.Encode(new DnsMessage
            {
                Id = (ushort)i,
                RecursionDesired = true,
                Questions = [new DnsQuestion(i % 2 == 0 ? "db-0.db.shop.svc.cluster.local" : "web.shop.svc.cluster.local", type)],
                Edns = i % 3 == 0 ? new EdnsOptions(1232) : null,
            })),
    ];

    private static async Task AssertHandled(byte[] query, DnsTransport transport)
    {
        byte[]? response;
        try
        {
            response = await Handler.HandleAsync(query, transport, CancellationToken.None);
        }
        catch (Exception e)
        {
            Assert.Fail($"query {Convert.ToHexString(query)} threw {e}");
            return;
        }
        if (response is null)
        {
            Assert.True(query.Length < DnsHeader.Size || (query[2] & 0x80) != 0, $"query {Convert.ToHexString(query)} was dropped");
            return;
        }
        var message = DnsMessageReader.Read(response);
        Assert.True(message.IsResponse);
        Assert.Equal((ushort)(query[0] << 8 | query[1]), message.Id);
        if (transport == DnsTransport.Udp) Assert.True(response.Length <= 4096);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RandomBytesNeverThrow(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 3000; i++)
        {
            var query = new byte[random.Next(0, 300)];
            random.NextBytes(query);
            // Half of them look like queries with one question, to get past the header checks.
            if (query.Length >= 12 && i % 2 == 0)
            {
                query[2] &= 0x07;
                query[4] = 0;
                query[5] = 1;
            }
            await AssertHandled(query, i % 4 == 0 ? DnsTransport.Tcp : DnsTransport.Udp);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task MutatedValidQueriesNeverThrow(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5000; i++)
        {
            var query = (byte[])ValidQueries[random.Next(ValidQueries.Length)].Clone();
            var mutations = random.Next(1, 4);
            for (var m = 0; m < mutations; m++)
            {
                switch (random.Next(4))
                {
                    case 0:
                        query[random.Next(query.Length)] = (byte)random.Next(256);
                        break;
                    case 1:
                        query[random.Next(query.Length)] ^= (byte)(1 << random.Next(8));
                        break;
                    case 2:
                        query = query[..random.Next(query.Length + 1)];
                        if (query.Length == 0) query = [0];
                        break;
                    default:
                        var extra = new byte[random.Next(1, 20)];
                        random.NextBytes(extra);
                        query = [.. query, .. extra];
                        break;
                }
            }
            await AssertHandled(query, i % 3 == 0 ? DnsTransport.Tcp : DnsTransport.Udp);
        }
    }
}
