using System.Net;
using System.Net.Sockets;
using Obs.NodeAgent.Dns;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>The server over real sockets on 127.0.0.1, with the zone filled by hand.</summary>
public sealed class ClusterDnsServerTests : IAsyncLifetime
{
    private readonly ListLogger _log = new();
    private ClusterDnsServer _server = null!;

    public Task InitializeAsync()
    {
        var handler = new DnsQueryHandler(ZoneFixture.Shop().Zone(), null, new ClusterDnsOptions());
        _server = ClusterDnsServer.Start(IPAddress.Loopback, 0, handler, TimeSpan.FromSeconds(2), _log);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task AssertStillAnswersAsync(DnsTransport transport)
    {
        var response = await DnsTestClient.QueryAsync(_server.EndPoint, "web.shop.svc.cluster.local", DnsType.A, transport);
        Assert.Equal(["web.shop.svc.cluster.local 5 A 127.77.0.20"], DnsText.Format(response.Answers));
    }

    [Fact]
    public async Task UdpAndTcpShareOnePort()
    {
        Assert.NotEqual(0, _server.EndPoint.Port);
        await AssertStillAnswersAsync(DnsTransport.Udp);
        await AssertStillAnswersAsync(DnsTransport.Tcp);
    }

    [Fact]
    public async Task GarbageOverUdpGetsFormErrOrNothingAndTheServerKeepsAnswering()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(_server.EndPoint);
        await socket.SendAsync(new byte[] { 1, 2, 3 }, SocketFlags.None);
        await socket.SendAsync(new byte[] { 0x77, 0x88, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0x3F, 1, 2 }, SocketFlags.None);
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        var response = DnsMessageReader.Read(buffer.AsSpan(0, length));
        Assert.Equal(0x7788, response.Id);
        Assert.Equal(DnsResponseCode.FormErr, response.ResponseCode);
        await AssertStillAnswersAsync(DnsTransport.Udp);
    }

    [Fact]
    public async Task SeveralQueriesShareATcpConnectionAndGarbageClosesIt()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.EndPoint);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        for (ushort id = 1; id <= 3; id++)
        {
            var query = DnsMessageWriter.Encode(new DnsMessage { Id = id, Questions = [new DnsQuestion("db.shop.svc.cluster.local", DnsType.A)] });
            await DnsTcpFraming.WriteAsync(stream, query, timeout.Token);
            var response = DnsMessageReader.Read((await DnsTcpFraming.ReadAsync(stream, timeout.Token))!);
            Assert.Equal(id, response.Id);
            Assert.Equal(3, response.Answers.Count);
        }
        // A frame too short to be a message: the server has nothing to say and closes.
        await DnsTcpFraming.WriteAsync(stream, new byte[] { 9 }, timeout.Token);
        Assert.Null(await DnsTcpFraming.ReadAsync(stream, timeout.Token));
        await AssertStillAnswersAsync(DnsTransport.Tcp);
    }

    [Fact]
    public async Task RandomDatagramsNeverStopTheServer()
    {
        var random = new Random(5);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(_server.EndPoint);
        for (var i = 0; i < 500; i++)
        {
            var datagram = new byte[random.Next(1, 200)];
            random.NextBytes(datagram);
            await socket.SendAsync(datagram, SocketFlags.None);
        }
        await AssertStillAnswersAsync(DnsTransport.Udp);
        await AssertStillAnswersAsync(DnsTransport.Tcp);
        Assert.DoesNotContain(_log.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoServersCanShareAPortAndBothAnswer()
    {
        var address = IPAddress.Parse($"127.77.252.{Random.Shared.Next(1, 255)}");
        var port = Obs.Testing.FreePort.Next();
        var handler = new DnsQueryHandler(ZoneFixture.Shop().Zone(), null, new ClusterDnsOptions());
        await using var first = ClusterDnsServer.Start(address, port, handler, TimeSpan.FromSeconds(2), sharePort: true);
        await using var second = ClusterDnsServer.Start(address, port, handler, TimeSpan.FromSeconds(2), sharePort: true);
        Assert.Equal(first.EndPoint, second.EndPoint);
        for (var i = 0; i < 10; i++)
        {
            var response = await DnsTestClient.QueryAsync(first.EndPoint, "web.shop.svc.cluster.local", DnsType.A, i % 2 == 0 ? DnsTransport.Udp : DnsTransport.Tcp);
            Assert.Equal(["web.shop.svc.cluster.local 5 A 127.77.0.20"], DnsText.Format(response.Answers));
        }
        Assert.Throws<SocketException>(() => ClusterDnsServer.Start(address, port, handler, TimeSpan.FromSeconds(2), sharePort: false));
    }
}
