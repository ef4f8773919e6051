using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Obs.ApiServer.Proxy;

namespace Obs.ApiServer.Tests.Proxy;

/// <summary>The body of a target's answer other than 101 to an upgrade request, read off the raw connection.</summary>
public sealed class UpgradeAnswerBodyTests
{
    private sealed class AbortRecorder : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }
        public bool Aborted { get; private set; }
        public void Abort() => Aborted = true;
    }

    private static async Task<(string Body, HttpResponse Response, bool Aborted)> RelayAsync(string fromTarget, int code, Dictionary<string, string> headers, string method = "GET")
    {
        var context = new DefaultHttpContext();
        var lifetime = new AbortRecorder();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        context.Request.Method = method;
        var body = new MemoryStream();
        context.Response.Body = body;
        await UpgradeAnswerBody.RelayAsync(context, new MemoryStream(Encoding.Latin1.GetBytes(fromTarget)), code, headers);
        return (Encoding.Latin1.GetString(body.ToArray()), context.Response, lifetime.Aborted);
    }

    [Fact]
    public async Task AChunkedBodyGoesOnAsItsChunksUpToTheLastAndNoFurther()
    {
        const string chunked = "6\r\nfirst \r\n5\r\nthird\r\n0\r\nX-Trailer: 1\r\n\r\n";
        var (body, response, aborted) = await RelayAsync(chunked + "HTTP/1.1 200 OK\r\n", 200, new() { ["Transfer-Encoding"] = "chunked" });
        Assert.Equal(chunked, body);
        Assert.Equal("chunked", response.Headers.TransferEncoding.ToString());
        Assert.False(aborted);
    }

    [Fact]
    public async Task ABodyLongerThanAMebibyteComesWholeAndOnlyItsLength()
    {
        var data = new string('x', 3 * 1024 * 1024 + 7);
        var (body, response, aborted) = await RelayAsync(data + "extra", 200, new() { ["Content-Length"] = $"{data.Length}" });
        Assert.Equal((data.Length, data.Length, false), (body.Length, response.ContentLength, aborted));
    }

    [Fact]
    public async Task ABodyWithNeitherFramingRunsUntilTheTargetCloses() =>
        Assert.Equal("all of it", (await RelayAsync("all of it", 500, [])).Body);

    [Theory]
    [InlineData(204, "GET")]
    [InlineData(304, "GET")]
    [InlineData(200, "HEAD")]
    public async Task AnswersThatHaveNoBodyGetNone(int code, string method) =>
        Assert.Equal("", (await RelayAsync("not a body", code, new() { ["Content-Length"] = "10" }, method)).Body);

    [Theory]
    [InlineData("6\r\nfirst ", "chunked")]
    [InlineData("zz\r\n", "chunked")]
    [InlineData("short", "length")]
    public async Task ABodyCutShortOrMalformedCutsTheClientsConnection(string fromTarget, string framing)
    {
        var headers = framing == "chunked" ? new Dictionary<string, string> { ["Transfer-Encoding"] = "chunked" } : new() { ["Content-Length"] = "100" };
        Assert.True((await RelayAsync(fromTarget, 200, headers)).Aborted);
    }
}
