using Obs.ApiServer.Proxy;

namespace Obs.ApiServer.Tests.Proxy;

public sealed class LocationRewriteTests
{
    private const string Prefix = "/api/v1/namespaces/default/pods/web:8000/proxy";
    private static readonly string[] ReachedAt = ["t0.tunnel.invalid:8000", "127.0.0.1:41234"];

    [Theory]
    [InlineData("/docs/", Prefix + "/docs/")]
    [InlineData("http://127.0.0.1:41234/docs/?a=b%20c", Prefix + "/docs/?a=b%20c")]
    [InlineData("http://t0.tunnel.invalid:8000/", Prefix + "/")]
    [InlineData("docs/", "docs/")]
    [InlineData("//elsewhere.example/x", "//elsewhere.example/x")]
    [InlineData("https://elsewhere.example/login", "https://elsewhere.example/login")]
    public void RedirectsIntoTheTargetStayUnderTheProxyAndOthersAreLeftAlone(string location, string expected) =>
        Assert.Equal(expected, LocationRewrite.Rewrite(location, Prefix, ReachedAt));
}
