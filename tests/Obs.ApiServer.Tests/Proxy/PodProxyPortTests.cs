using System.Text.Json.Nodes;
using Obs.ApiServer.Http;
using Obs.ApiServer.Proxy;

namespace Obs.ApiServer.Tests.Proxy;

public sealed class PodProxyPortTests
{
    /// <summary>Declares 8000 (http, moved by the agent to 41234), 9090 (metrics) and 5353/UDP (dns).</summary>
    private static readonly JsonObject Pod = JsonNode.Parse("""
        {"metadata": {"name": "web", "annotations": {"obs.dev/assigned-ports": "{\"main\":{\"8000\":41234}}"}},
         "spec": {"containers": [{"name": "main", "ports": [{"containerPort": 8000, "name": "http"}, {"containerPort": 9090, "name": "metrics"}]},
                                 {"name": "side", "ports": [{"containerPort": 5353, "name": "dns", "protocol": "UDP"}]}]}}
        """)!.AsObject();

    [Theory]
    [InlineData("", 8000, 41234)]
    [InlineData("8000", 8000, 41234)]
    [InlineData("http", 8000, 41234)]
    [InlineData("41234", 41234, 41234)]
    [InlineData("9090", 9090, 9090)]
    [InlineData("metrics", 9090, 9090)]
    public void NoPortIsTheFirstDeclaredAndANumberOrNameADeclaredOneFollowedWhereTheAgentMovedIt(string port, int asked, int listening) =>
        Assert.Equal((asked, listening), PodProxyPort.Resolve(Pod, "web", port));

    [Theory]
    [InlineData("22", "pod \"web\" declares no containerPort 22 (it declares 8000/TCP (http), 9090/TCP (metrics), 5353/UDP (dns)); pods share their node's network, so only a pod's declared ports are proxied")]
    [InlineData("admin", "pod \"web\" has no port named \"admin\" (it declares 8000/TCP (http), 9090/TCP (metrics), 5353/UDP (dns))")]
    [InlineData("dns", "port 5353 of pod \"web\" is UDP: the proxy carries HTTP, over TCP")]
    [InlineData("70000", "invalid port \"70000\" for pod \"web\": a port is a number from 1 to 65535 or a port's name")]
    public void AnUndeclaredUnknownOrUdpPortIsTheCallersToFix(string port, string message)
    {
        var error = Assert.Throws<ApiException>(() => PodProxyPort.Resolve(Pod, "web", port));
        Assert.Equal((400, message), (error.Code, error.Message));
    }

    [Fact]
    public void APodThatDeclaresNoPortHasNothingToProxyTo()
    {
        var error = Assert.Throws<ApiException>(() => PodProxyPort.Resolve(JsonNode.Parse("""{"spec": {"containers": [{"name": "main"}]}}""")!.AsObject(), "quiet", ""));
        Assert.Equal("pod \"quiet\" declares no containerPort to proxy to: pods share their node's network, so only a pod's declared ports are proxied", error.Message);
    }
}
