using Obs.Api.Resources;
using Obs.ApiServer.Http;
using Obs.ApiServer.Proxy;

namespace Obs.ApiServer.Tests.Proxy;

public sealed class ProxyRequestPathTests
{
    [Theory]
    [InlineData("/api/v1/namespaces/default/pods/web:8000/proxy/a/b%2Fc/", "/api/v1/namespaces/default/pods/web:8000/proxy", "/a/b%2Fc/")]
    [InlineData("/api/v1/namespaces/proxy/services/proxy/proxy/", "/api/v1/namespaces/proxy/services/proxy/proxy", "/")]
    [InlineData("/api/v1/nodes/n1/proxy/metrics/cadvisor", "/api/v1/nodes/n1/proxy", "/metrics/cadvisor")]
    [InlineData("/api/v1/nodes/n1/proxy", "/api/v1/nodes/n1/proxy", "")]
    public void TheTargetsPathIsWhatFollowsTheProxySegmentStillEscaped(string raw, string prefix, string rest)
    {
        var info = RequestInfo.Parse(Uri.UnescapeDataString(raw), "GET", watch: false)!;
        Assert.Equal(new ProxyRequestPath(prefix, rest), ProxyRequestPath.Split(raw, info));
    }

    [Fact]
    public void APathOfAnotherShapeIsNotSplit() =>
        Assert.Null(ProxyRequestPath.Split("/api/v1/watch/nodes/n1/proxy/x", new RequestInfo(ResourceTypes.Node, null, "n1", "proxy")));
}
