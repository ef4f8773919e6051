using System.Net;
using Microsoft.AspNetCore.Http;

namespace Obs.Forwarding.Tests;

public sealed class ForwardedHeadersTests
{
    private static HttpRequest Request(string? client, string scheme = "https", string? host = "api.example:6443", string? forwardedFor = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = client is null ? null : IPAddress.Parse(client);
        context.Request.Scheme = scheme;
        if (host is not null) context.Request.Host = new HostString(host);
        if (forwardedFor is not null) context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        return context.Request;
    }

    [Fact]
    public void TheClientsAddressIsAppendedToTheListItSent()
    {
        Assert.Equal("10.0.0.1, 127.0.0.5", ForwardedHeaders.Of(Request("127.0.0.5", forwardedFor: "10.0.0.1")).For);
        Assert.Equal("127.0.0.5", ForwardedHeaders.Of(Request("127.0.0.5")).For);
        Assert.Equal("10.0.0.1", ForwardedHeaders.Of(Request(null, forwardedFor: "10.0.0.1")).For);
        Assert.Null(ForwardedHeaders.Of(Request(null)).For);
    }

    [Fact]
    public void ProtoAndHostAreHowTheClientReachedThisProxy()
    {
        var headers = ForwardedHeaders.Of(Request("::1", scheme: "http", host: "svc.local:80")).Headers().ToList();
        Assert.Equal(
            [new("X-Forwarded-For", "::1"), new("X-Forwarded-Proto", "http"), new("X-Forwarded-Host", "svc.local:80")],
            headers);
        Assert.DoesNotContain(ForwardedHeaders.Of(Request(null, host: null)).Headers(), h => h.Key is "X-Forwarded-For" or "X-Forwarded-Host");
    }

    [Fact]
    public void TheyAreAddedToARequestSentOn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1/");
        ForwardedHeaders.Of(Request("127.0.0.5", forwardedFor: "10.0.0.1")).AddTo(request.Headers);
        Assert.Equal("10.0.0.1, 127.0.0.5", string.Join(",", request.Headers.GetValues("X-Forwarded-For")));
        Assert.Equal("https", request.Headers.GetValues("X-Forwarded-Proto").Single());
        Assert.Equal("api.example:6443", request.Headers.GetValues("X-Forwarded-Host").Single());
    }

    [Theory]
    [InlineData("x-forwarded-for", true)]
    [InlineData("X-Forwarded-Proto", true)]
    [InlineData("X-FORWARDED-HOST", true)]
    [InlineData("X-Forwarded-Uri", false)]
    [InlineData("Forwarded", false)]
    public void TheRebuiltHeadersAreKnownByName(string name, bool rebuilt) => Assert.Equal(rebuilt, ForwardedHeaders.IsForwardedHeader(name));
}
