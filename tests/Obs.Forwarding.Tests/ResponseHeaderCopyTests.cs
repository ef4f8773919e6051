using System.Net;
using Microsoft.AspNetCore.Http;

namespace Obs.Forwarding.Tests;

public sealed class ResponseHeaderCopyTests
{
    [Fact]
    public void TheAnswersHeadersAndItsContentsComeBackLessTheHopsOwn()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("hi") };
        response.Headers.TryAddWithoutValidation("Connection", "close, X-Hop");
        response.Headers.TryAddWithoutValidation("X-Hop", "1");
        response.Headers.TryAddWithoutValidation("Keep-Alive", "timeout=5");
        response.Headers.TryAddWithoutValidation("Proxy-Authenticate", "Basic");
        response.Headers.TryAddWithoutValidation("Transfer-Encoding", "chunked");
        response.Headers.TryAddWithoutValidation("Set-Cookie", ["a=1", "b=2"]);
        response.Headers.TryAddWithoutValidation("Location", "/there");

        IHeaderDictionary headers = new HeaderDictionary();
        ResponseHeaderCopy.CopyTo(response, headers);

        Assert.Equal(["Content-Type", "Location", "Set-Cookie"], headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("a=1,b=2", headers["Set-Cookie"].ToString());
        Assert.Equal("text/plain; charset=utf-8", headers.ContentType.ToString());
        Assert.Equal("/there", headers.Location.ToString());
    }
}
