using System.Text.Json.Nodes;
using Obs.ApiServer.Http;
using Obs.ApiServer.Proxy;

namespace Obs.ApiServer.Tests.Proxy;

public sealed class ServiceEndpointChoiceTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static readonly JsonObject Web = Json("""
        {"metadata": {"name": "web", "namespace": "shop"},
         "spec": {"ports": [{"name": "http", "port": 80, "targetPort": 8000}, {"name": "metrics", "port": 9090}]}}
        """);

    /// <summary>Two replicas serve http on different ports (one was moved); one is not ready; metrics has its own slice.</summary>
    private static readonly JsonObject[] Slices =
    [
        Json("""
            {"ports": [{"name": "http", "port": 8000, "protocol": "TCP"}],
             "endpoints": [{"addresses": ["127.0.0.1"], "conditions": {"ready": true}, "nodeName": "n1", "targetRef": {"kind": "Pod", "namespace": "shop", "name": "web-a"}},
                           {"addresses": ["127.0.0.1"], "conditions": {"ready": false}, "nodeName": "n1", "targetRef": {"kind": "Pod", "namespace": "shop", "name": "web-b"}}]}
            """),
        Json("""
            {"ports": [{"name": "http", "port": 41234, "protocol": "TCP"}],
             "endpoints": [{"addresses": ["127.0.0.1"], "nodeName": "n1", "targetRef": {"kind": "Pod", "namespace": "shop", "name": "web-c"}}]}
            """),
        Json("""
            {"ports": [{"name": "metrics", "port": 9090, "protocol": "TCP"}],
             "endpoints": [{"addresses": ["127.0.0.1"], "conditions": {"ready": true}, "nodeName": "n2", "targetRef": {"kind": "Pod", "namespace": "shop", "name": "web-a"}}]}
            """),
    ];

    [Theory]
    [InlineData("http")]
    [InlineData("80")]
    public void APortByNameOrByNumberReachesAReadyPodOnThePortItsSliceGives(string port)
    {
        var chosen = Enumerable.Range(0, 40).Select(seed => ServiceEndpointChoice.Choose(Web, Slices, port, new Random(seed))).Distinct().OrderBy(e => e.Pod).ToList();
        Assert.Equal(
            [new ServiceEndpoint("shop", "web-a", "n1", "127.0.0.1", 8000), new ServiceEndpoint("shop", "web-c", "n1", "127.0.0.1", 41234)],
            chosen);
    }

    [Fact]
    public void TheOtherPortIsServedByItsOwnSlice() =>
        Assert.Equal(new ServiceEndpoint("shop", "web-a", "n2", "127.0.0.1", 9090), ServiceEndpointChoice.Choose(Web, Slices, "9090", new Random(1)));

    [Fact]
    public void AServiceOfOnePortNeedsNoPortNamed()
    {
        var single = Json("""{"metadata": {"name": "one", "namespace": "shop"}, "spec": {"ports": [{"name": "http", "port": 80}]}}""");
        Assert.Equal(8000, ServiceEndpointChoice.Choose(single, Slices.Take(1), "", new Random(1)).Port);
    }

    [Theory]
    [InlineData("", "no endpoints available for service \"web\": name one of its ports, as services/web:PORT/proxy (it has http (80), metrics (9090))")]
    [InlineData("81", "no service port 81 found for service \"web\"")]
    [InlineData("admin", "no service port named \"admin\" found for service \"web\" (it has http (80), metrics (9090))")]
    public void APortTheServiceDoesNotHaveIsUnavailableWithWhatItHas(string port, string message)
    {
        var error = Assert.Throws<ApiException>(() => ServiceEndpointChoice.Choose(Web, Slices, port, new Random(1)));
        Assert.Equal((503, "ServiceUnavailable", message), (error.Code, error.Reason, error.Message));
    }

    [Fact]
    public void NoReadyPodIsUnavailableAndSaysSo()
    {
        var error = Assert.Throws<ApiException>(() => ServiceEndpointChoice.Choose(Web, Slices.Take(1).Select(s => Json(s.ToJsonString().Replace("\"ready\":true", "\"ready\":false"))), "http", new Random(1)));
        Assert.Equal((503, "no endpoints available for service \"web\": 2 of its endpoints are not ready"), (error.Code, error.Message));
        error = Assert.Throws<ApiException>(() => ServiceEndpointChoice.Choose(Web, [], "http", new Random(1)));
        Assert.Equal((503, "no endpoints available for service \"web\": no ready endpoint serves that port"), (error.Code, error.Message));
    }

    [Fact]
    public void AnEndpointThatIsNoPodIsChosenByItsAddressAndOneWithoutAnAddressIsNot()
    {
        var handMade = Json("""
            {"ports": [{"name": "http", "port": 7000, "protocol": "TCP"}],
             "endpoints": [{"addresses": ["127.0.0.9"], "conditions": {"ready": true}},
                           {"addresses": [], "conditions": {"ready": true}},
                           {"addresses": ["127.0.0.10"], "targetRef": {"kind": "Node", "name": "n1"}}]}
            """);
        var chosen = Enumerable.Range(0, 40).Select(seed => ServiceEndpointChoice.Choose(Web, [handMade], "http", new Random(seed))).Distinct().OrderBy(e => e.Address).ToList();
        Assert.Equal([new ServiceEndpoint("shop", null, null, "127.0.0.10", 7000), new ServiceEndpoint("shop", null, null, "127.0.0.9", 7000)], chosen);
    }

    [Theory]
    [InlineData("https", null, true)]
    [InlineData("https-admin", null, true)]
    [InlineData("web", "https", true)]
    [InlineData("http", null, false)]
    [InlineData("web", "http", false)]
    public void APortThatSaysItSpeaksTlsIsReachedOverTls(string name, string? appProtocol, bool https)
    {
        var port = new JsonObject { ["name"] = name, ["port"] = 443 };
        if (appProtocol is not null) port["appProtocol"] = appProtocol;
        var service = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "s", ["namespace"] = "shop" }, ["spec"] = new JsonObject { ["ports"] = new JsonArray(port) } };
        var slice = Json($$"""{"ports": [{"name": "{{name}}", "port": 6443, "protocol": "TCP"}], "endpoints": [{"addresses": ["127.0.0.1"]}]}""");
        Assert.Equal(https, ServiceEndpointChoice.Choose(service, [slice], name, new Random(1)).Https);
    }
}
