using System.Buffers;
using System.Text;
using Obs.ServiceProxy.Http1;

namespace Obs.ServiceProxy.Tests.Http1;

public sealed class HeadWriterTests
{
    private static string RewriteRequest(string head, string client = "127.0.0.9")
    {
        var bytes = Encoding.ASCII.GetBytes(head);
        var fields = new HeaderList();
        Assert.Null(Http1Parser.ParseRequest(bytes, fields, out var request));
        var output = new ArrayBufferWriter<byte>();
        HeadWriter.WriteRequest(output, bytes, fields, request, Encoding.ASCII.GetBytes(client));
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    private static string RewriteResponse(string head, bool close = false)
    {
        var bytes = Encoding.ASCII.GetBytes(head);
        var fields = new HeaderList();
        Assert.Null(Http1Parser.ParseResponse(bytes, fields, false, false, out var response));
        var output = new ArrayBufferWriter<byte>();
        HeadWriter.WriteResponse(output, bytes, fields, response, close);
        return Encoding.ASCII.GetString(output.WrittenSpan);
    }

    [Fact]
    public void RequestGetsForwardedFieldsAndKeepsItsOwn()
    {
        var rewritten = RewriteRequest("GET /x HTTP/1.1\r\nHost: web.example\r\nAccept: */*\r\n\r\n");

        Assert.Equal("GET /x HTTP/1.1\r\nHost: web.example\r\nAccept: */*\r\n" +
            "X-Forwarded-For: 127.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: web.example\r\n\r\n", rewritten);
    }

    [Fact]
    public void EarlierForwardedForValuesComeFirstAndOtherForwardedFieldsAreReplaced()
    {
        var rewritten = RewriteRequest("GET / HTTP/1.1\r\nHost: h\r\nX-Forwarded-For: 10.0.0.1\r\nX-Forwarded-Proto: https\r\n" +
            "X-Forwarded-Host: evil\r\nx-forwarded-for: 10.0.0.2\r\n\r\n");

        Assert.Equal("GET / HTTP/1.1\r\nHost: h\r\n" +
            "X-Forwarded-For: 10.0.0.1, 10.0.0.2, 127.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n", rewritten);
    }

    [Fact]
    public void HopByHopRequestFieldsAreDroppedAndFramingKept()
    {
        var rewritten = RewriteRequest("POST / HTTP/1.1\r\nHost: h\r\nConnection: close, X-Private\r\nKeep-Alive: timeout=5\r\n" +
            "Proxy-Authorization: Basic x\r\nTE: gzip\r\nTrailer: X-Later\r\nX-Private: secret\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n\r\n");

        Assert.Equal("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nX-Kept: yes\r\n" +
            "X-Forwarded-For: 127.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n", rewritten);
    }

    [Fact]
    public void UpgradeKeepsUpgradeAndTeTrailersSurvives()
    {
        var rewritten = RewriteRequest("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nTE: trailers\r\n\r\n");

        Assert.Equal("GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nTE: trailers\r\nConnection: upgrade\r\n" +
            "X-Forwarded-For: 127.0.0.9\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: h\r\n\r\n", rewritten);
    }

    [Fact]
    public void H2cUpgradeIsDeclined()
    {
        var rewritten = RewriteRequest("GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAA\r\n\r\n");

        Assert.DoesNotContain("h2c", rewritten, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("HTTP2-Settings", rewritten, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Connection", rewritten, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ResponseLosesHopByHopFieldsAndSaysWhenTheConnectionCloses()
    {
        var head = "HTTP/1.1 200 OK\r\nKeep-Alive: timeout=99\r\nConnection: X-Private\r\nX-Private: 1\r\nX-Public: 1\r\nContent-Length: 2\r\n\r\n";

        Assert.Equal("HTTP/1.1 200 OK\r\nX-Public: 1\r\nContent-Length: 2\r\n\r\n", RewriteResponse(head));
        Assert.Equal("HTTP/1.1 200 OK\r\nX-Public: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n", RewriteResponse(head, close: true));
    }

    [Fact]
    public void SwitchingProtocolsKeepsUpgrade()
    {
        Assert.Equal("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: abc\r\nConnection: upgrade\r\n\r\n",
            RewriteResponse("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: abc\r\n\r\n"));
    }
}
