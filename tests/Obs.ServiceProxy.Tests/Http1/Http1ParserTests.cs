using System.Text;
using Obs.ServiceProxy.Http1;

namespace Obs.ServiceProxy.Tests.Http1;

public sealed class Http1ParserTests
{
    private static string? Request(string head, out RequestHead request) =>
        Http1Parser.ParseRequest(Encoding.ASCII.GetBytes(head), new HeaderList(), out request);

    private static string? Response(string head, out ResponseHead response, bool toHead = false, bool toConnect = false) =>
        Http1Parser.ParseResponse(Encoding.ASCII.GetBytes(head), new HeaderList(), toHead, toConnect, out response);

    [Fact]
    public void GetWithoutLengthHasNoBodyAndKeepsTheConnection()
    {
        Assert.Null(Request("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n", out var request));
        Assert.Equal("GET", request.Method);
        Assert.Equal(BodyKind.None, request.Framing.Kind);
        Assert.True(request.KeepAlive);
        Assert.False(request.Upgrade);
        Assert.Equal("/a?b=c", "GET /a?b=c HTTP/1.1"[request.TargetStart..(request.TargetStart + request.TargetLength)]);
    }

    [Theory]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n", "Length", 12)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n", "Length", 5)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "None", 0)]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n", "Chunked", 0)]
    public void RequestBodiesAreFramedByLengthOrChunked(string head, string kind, long length)
    {
        Assert.Null(Request(head, out var request));
        Assert.Equal(new BodyFraming(Enum.Parse<BodyKind>(kind), length), request.Framing);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nConnection: te, keep-alive\r\n\r\n", true)]
    public void KeepAliveFollowsTheVersionAndConnection(string head, bool keepAlive)
    {
        Assert.Null(Request(head, out var request));
        Assert.Equal(keepAlive, request.KeepAlive);
    }

    [Theory]
    [InlineData("GET /ws HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n", true)]
    [InlineData("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n", false)]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n\r\n", false)]
    public void OnlyNonH2cUpgradesNamedInConnectionAreUpgrades(string head, bool upgrade)
    {
        Assert.Null(Request(head, out var request));
        Assert.Equal(upgrade, request.Upgrade);
    }

    [Theory]
    [InlineData("FROB / HTTP/1.1\r\nHost: x\r\n\r\n", "_OTHER")]
    [InlineData("get / HTTP/1.1\r\nHost: x\r\n\r\n", "_OTHER")]
    [InlineData("HEAD / HTTP/1.1\r\nHost: x\r\n\r\n", "HEAD")]
    [InlineData("PATCH / HTTP/1.1\r\nHost: x\r\n\r\n", "PATCH")]
    public void MethodsOutsideTheKnownOnesFoldIntoOther(string head, string method)
    {
        Assert.Null(Request(head, out var request));
        Assert.Equal(method, request.Method);
    }

    [Theory]
    [InlineData("GET /\r\n\r\n", "malformed request line")]
    [InlineData("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", "malformed request line")]
    [InlineData("G@T / HTTP/1.1\r\nHost: x\r\n\r\n", "malformed method")]
    [InlineData("GET / HTTP/2.0\r\nHost: x\r\n\r\n", "unsupported HTTP version")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "a request needs exactly one Host")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "a request needs exactly one Host")]
    [InlineData("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "malformed header field")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", "malformed header field")]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\nNo colon\r\n\r\n", "malformed header field")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "conflicting Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "malformed Content-Length")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "both Content-Length and Transfer-Encoding")]
    [InlineData("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "unsupported Transfer-Encoding")]
    public void AmbiguousOrMalformedRequestsAreRefused(string head, string error) => Assert.Equal(error, Request(head, out _));

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", 200, "Length", 3)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 200, "Chunked", 0)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", 200, "UntilClose", 0)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", 200, "UntilClose", 0)]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", 204, "None", 0)]
    [InlineData("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", 304, "None", 0)]
    [InlineData("HTTP/1.1 500\r\nContent-Length: 0\r\n\r\n", 500, "None", 0)]
    public void ResponseBodiesAreFramedByStatusAndFields(string head, int status, string kind, long length)
    {
        Assert.Null(Response(head, out var response));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(new BodyFraming(Enum.Parse<BodyKind>(kind), length), response.Framing);
        Assert.False(response.Interim);
    }

    [Fact]
    public void ResponseToHeadHasNoBodyWhateverItsLength()
    {
        Assert.Null(Response("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n", out var response, toHead: true));
        Assert.Equal(BodyKind.None, response.Framing.Kind);
        Assert.True(response.KeepAlive);
    }

    [Fact]
    public void ContinueIsInterimAndSwitchingProtocolsSwitches()
    {
        Assert.Null(Response("HTTP/1.1 100 Continue\r\n\r\n", out var interim));
        Assert.True(interim.Interim);
        Assert.Equal(BodyKind.None, interim.Framing.Kind);
        Assert.Null(Response("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", out var switched));
        Assert.False(switched.Interim);
        Assert.True(switched.SwitchesProtocol);
        Assert.Null(Response("HTTP/1.1 200 Connection established\r\n\r\n", out var tunnel, toConnect: true));
        Assert.True(tunnel.SwitchesProtocol);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", false)]
    [InlineData("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n", true)]
    [InlineData("HTTP/1.1 200 OK\r\n\r\n", false)]
    public void ResponseKeepAliveFollowsTheVersionConnectionAndFraming(string head, bool keepAlive)
    {
        Assert.Null(Response(head, out var response));
        Assert.Equal(keepAlive, response.KeepAlive);
    }

    [Theory]
    [InlineData("HTTP/1.1 20 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 abc OK\r\n\r\n")]
    [InlineData("HTTP/3 200 OK\r\n\r\n")]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")]
    public void MalformedResponsesAreRefused(string head) => Assert.NotNull(Response(head, out _));
}
