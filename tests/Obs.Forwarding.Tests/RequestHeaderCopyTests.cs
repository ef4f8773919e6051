using Microsoft.AspNetCore.Http;

namespace Obs.Forwarding.Tests;

public sealed class RequestHeaderCopyTests
{
    private static HttpRequestMessage Copy(HeaderDictionary incoming, Func<string, bool>? skip = null, bool withContent = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/") { Content = withContent ? new ByteArrayContent([1, 2, 3]) : null };
        RequestHeaderCopy.CopyTo(incoming, request, skip);
        return request;
    }

    private static Dictionary<string, string> Sent(HttpRequestMessage request) =>
        request.Headers.NonValidated.Concat(request.Content?.Headers.NonValidated ?? Enumerable.Empty<KeyValuePair<string, System.Net.Http.Headers.HeaderStringValues>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void EndToEndHeadersGoOnAndTheHopsOwnDoNot()
    {
        using var request = Copy(new HeaderDictionary
        {
            ["Accept"] = "text/plain",
            ["Authorization"] = "Bearer t",
            ["Host"] = "client.example",
            ["Content-Length"] = "3",
            ["Connection"] = "keep-alive, X-Hop",
            ["X-Hop"] = "1",
            ["Keep-Alive"] = "timeout=5",
            ["Proxy-Authorization"] = "Basic x",
            ["Transfer-Encoding"] = "chunked",
            ["Upgrade"] = "websocket",
            ["X-Forwarded-For"] = "10.0.0.1",
            ["X-Forwarded-Proto"] = "http",
            ["X-Forwarded-Host"] = "evil.example",
            ["Cookie"] = new(["a=1", "b=2"]),
            [":path"] = "/",
        });
        Assert.Equal(new Dictionary<string, string> { ["Accept"] = "text/plain", ["Authorization"] = "Bearer t", ["Cookie"] = "a=1,b=2" }, Sent(request));
    }

    [Fact]
    public void TeGoesOnOnlyAsTrailers()
    {
        using var trailers = Copy(new HeaderDictionary { ["TE"] = "trailers" });
        Assert.Equal("trailers", Sent(trailers)["TE"]);
        using var other = Copy(new HeaderDictionary { ["TE"] = "gzip" });
        Assert.Empty(Sent(other));
    }

    [Fact]
    public void ContentHeadersLandOnTheContentAndTheCallerMaySkipMore()
    {
        using var request = Copy(new HeaderDictionary { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer t", ["Expect"] = "100-continue" },
            name => name is "Authorization" or "Expect", withContent: true);
        Assert.Equal("application/json", request.Content!.Headers.ContentType?.ToString());
        Assert.Equal(new Dictionary<string, string> { ["Content-Type"] = "application/json" }, Sent(request));
    }
}
