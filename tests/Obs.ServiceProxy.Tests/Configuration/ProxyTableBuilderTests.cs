using System.Net;
using System.Text.Json.Nodes;
using Obs.ServiceProxy.Balancing;
using Obs.ServiceProxy.Configuration;

namespace Obs.ServiceProxy.Tests.Configuration;

public sealed class ProxyTableBuilderTests
{
    private static readonly IPAddress Node = IPAddress.Parse("127.0.0.1");

    private static JsonObject Service(string name, string spec, string? annotations = null, string? status = null) =>
        JsonNode.Parse("{\"metadata\": {\"name\": \"" + name + "\", \"namespace\": \"ns\"" + (annotations is null ? "" : ", \"annotations\": " + annotations) + "}, " +
            "\"spec\": " + spec + (status is null ? "" : ", \"status\": " + status) + "}")!.AsObject();

    private static JsonObject Slice(string service, string endpoints, string ports) =>
        JsonNode.Parse("{\"metadata\": {\"name\": \"" + service + "-x\", \"namespace\": \"ns\", \"labels\": {\"kubernetes.io/service-name\": \"" + service + "\"}}, " +
            "\"addressType\": \"IPv4\", \"endpoints\": " + endpoints + ", \"ports\": " + ports + "}")!.AsObject();

    private static ProxyTable Build(IEnumerable<JsonObject> services, IEnumerable<JsonObject>? slices = null, EndpointPickers? pickers = null, string? nodeName = null) =>
        ProxyTableBuilder.Build(services, (ns, name) => (slices ?? []).Where(s => s["metadata"]!["labels"]!["kubernetes.io/service-name"]!.GetValue<string>() == name),
            [Node], pickers ?? new EndpointPickers(TimeProvider.System), nodeName);

    private static string[] Keys(ProxyTable table) => [.. table.Listeners.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public void ClusterIpServiceListensOnItsClusterIpForEachPort()
    {
        var table = Build([Service("web", """{"clusterIP": "127.77.0.10", "ports": [{"name": "http", "port": 80}, {"name": "dns", "port": 53, "protocol": "UDP"}]}""")]);

        Assert.Equal(["127.77.0.10:53/UDP", "127.77.0.10:80/TCP"], Keys(table));
        var http = table.Listeners[new ListenerKey(IPAddress.Parse("127.77.0.10"), 80, false)];
        Assert.Equal(("ns", "web", "http", 80, ProxyProtocol.Http1), (http.Namespace, http.Service, http.PortName, http.Port, http.Protocol));
        Assert.Equal(ProxyProtocol.Udp, table.Listeners[new ListenerKey(IPAddress.Parse("127.77.0.10"), 53, true)].Protocol);
    }

    [Fact]
    public void NodePortExternalIpsAndIngressAddListeners()
    {
        var table = Build([
            Service("np", """{"type": "NodePort", "clusterIP": "127.77.0.11", "externalIPs": ["127.0.0.50"], "ports": [{"port": 8080, "nodePort": 30080}]}"""),
            Service("lb", """{"type": "LoadBalancer", "clusterIP": "127.77.0.12", "ports": [{"port": 443, "nodePort": 30443}]}""",
                status: """{"loadBalancer": {"ingress": [{"ip": "127.0.0.60"}]}}"""),
        ]);

        Assert.Equal(["127.0.0.1:30080/TCP", "127.0.0.1:30443/TCP", "127.0.0.50:8080/TCP", "127.0.0.60:443/TCP", "127.77.0.11:8080/TCP", "127.77.0.12:443/TCP"], Keys(table));
    }

    [Fact]
    public void HeadlessExternalNameAndClusterIpNodePortsGetNoListener()
    {
        var table = Build([
            Service("headless", """{"clusterIP": "None", "ports": [{"port": 80}]}"""),
            Service("external", """{"type": "ExternalName", "externalName": "example.com", "ports": [{"port": 80}]}"""),
            Service("sctp", """{"clusterIP": "127.77.0.13", "ports": [{"port": 9, "protocol": "SCTP"}]}"""),
            Service("plain", """{"clusterIP": "127.77.0.14", "ports": [{"port": 80, "nodePort": 30099}]}"""),
        ]);

        Assert.Equal(["127.77.0.14:80/TCP"], Keys(table));
    }

    [Fact]
    public void EndpointsComeFromTheSlicePortNamedAfterTheServicePortAndOnlyReadyOnes()
    {
        var table = Build(
            [Service("web", """{"clusterIP": "127.77.0.15", "ports": [{"name": "http", "port": 80, "targetPort": "web"}, {"name": "admin", "port": 81, "targetPort": 9000}]}""")],
            [Slice("web",
                """[{"addresses": ["127.0.0.1"], "conditions": {"ready": true}}, {"addresses": ["127.0.0.2"], "conditions": {"ready": false}}, {"addresses": ["127.0.0.3"]}]""",
                """[{"name": "http", "port": 31001, "protocol": "TCP"}, {"name": "admin", "port": 31002, "protocol": "TCP"}]""")]);

        var http = table.Listeners[new ListenerKey(IPAddress.Parse("127.77.0.15"), 80, false)];
        var admin = table.Listeners[new ListenerKey(IPAddress.Parse("127.77.0.15"), 81, false)];
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:31001"), IPEndPoint.Parse("127.0.0.3:31001")], http.Picker.Endpoints);
        Assert.Equal([IPEndPoint.Parse("127.0.0.1:31002"), IPEndPoint.Parse("127.0.0.3:31002")], admin.Picker.Endpoints);
    }

    [Fact]
    public void AffinityAndRoutesComeFromTheService()
    {
        var table = Build([
            Service("sticky", """{"clusterIP": "127.77.0.16", "sessionAffinity": "ClientIP", "ports": [{"name": "http", "port": 80}]}""",
                annotations: """{"obs.dev/routes": "/api/{id}"}"""),
            Service("short", """{"clusterIP": "127.77.0.17", "sessionAffinity": "ClientIP", "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 30}}, "ports": [{"port": 80}]}"""),
        ]);

        var sticky = table.Listeners[new ListenerKey(IPAddress.Parse("127.77.0.16"), 80, false)];
        Assert.Equal(TimeSpan.FromHours(3), sticky.Picker.AffinityTimeout);
        Assert.Equal("/api/{id}", sticky.Routes!.Match("/api/7"));
        var shortAffinity = table.Listeners[new ListenerKey(IPAddress.Parse("127.77.0.17"), 80, false)];
        Assert.Equal(TimeSpan.FromSeconds(30), shortAffinity.Picker.AffinityTimeout);
        Assert.Null(shortAffinity.Routes);
    }

    [Fact]
    public void PickersSurviveRebuildsAndGoWithTheirPort()
    {
        var pickers = new EndpointPickers(TimeProvider.System);
        var web = Service("web", """{"clusterIP": "127.77.0.18", "ports": [{"port": 80}]}""");
        var key = new ListenerKey(IPAddress.Parse("127.77.0.18"), 80, false);

        var first = Build([web], pickers: pickers).Listeners[key].Picker;
        var second = Build([web], pickers: pickers).Listeners[key].Picker;
        Assert.Same(first, second);

        Build([], pickers: pickers);
        Assert.Equal(0, pickers.Count);
    }

    [Fact]
    public void TwoServicesOnOneAddressLeaveItToTheFirstAndReportTheConflict()
    {
        var table = Build([
            Service("b", """{"clusterIP": "127.77.0.19", "externalIPs": ["127.0.0.70"], "ports": [{"port": 80}]}"""),
            Service("a", """{"clusterIP": "127.77.0.20", "externalIPs": ["127.0.0.70"], "ports": [{"port": 80}]}"""),
        ]);

        Assert.Equal("a", table.Listeners[new ListenerKey(IPAddress.Parse("127.0.0.70"), 80, false)].Service);
        Assert.Single(table.Conflicts);
        Assert.Contains("127.0.0.70:80/TCP", table.Conflicts[0]);
    }

    [Fact]
    public void TerminatingServingEndpointsTakeTrafficOnlyWhenNoneIsReady()
    {
        const string ports = """[{"name": "http", "port": 31003, "protocol": "TCP"}]""";
        var svc = Service("rolling", """{"clusterIP": "127.77.0.21", "ports": [{"name": "http", "port": 80}]}""");
        var key = new ListenerKey(IPAddress.Parse("127.77.0.21"), 80, false);
        const string terminating = """{"addresses": ["127.0.0.4"], "conditions": {"ready": false, "serving": true, "terminating": true}}""";
        const string gone = """{"addresses": ["127.0.0.5"], "conditions": {"ready": false, "serving": false, "terminating": true}}""";

        var withReady = Build([svc], [Slice("rolling", "[" + terminating + ", " + gone + """, {"addresses": ["127.0.0.6"], "conditions": {"ready": true}}]""", ports)]);
        var withoutReady = Build([svc], [Slice("rolling", "[" + terminating + ", " + gone + "]", ports)]);

        Assert.Equal([IPEndPoint.Parse("127.0.0.6:31003")], withReady.Listeners[key].Picker.Endpoints);
        Assert.Equal([IPEndPoint.Parse("127.0.0.4:31003")], withoutReady.Listeners[key].Picker.Endpoints);
    }

    [Fact]
    public void LocalTrafficPoliciesKeepTrafficOnThisNodesEndpoints()
    {
        var svc = Service("local", """{"type": "NodePort", "clusterIP": "127.77.0.22", "externalTrafficPolicy": "Local", "ports": [{"name": "http", "port": 80, "nodePort": 30081}]}""");
        var slice = Slice("local", """[{"addresses": ["127.0.0.7"], "nodeName": "here"}, {"addresses": ["127.0.0.8"], "nodeName": "there"}]""",
            """[{"name": "http", "port": 31004, "protocol": "TCP"}]""");
        var clusterKey = new ListenerKey(IPAddress.Parse("127.77.0.22"), 80, false);
        var nodeKey = new ListenerKey(Node, 30081, false);

        var table = Build([svc], [slice], nodeName: "here");
        Assert.Equal([IPEndPoint.Parse("127.0.0.7:31004"), IPEndPoint.Parse("127.0.0.8:31004")], table.Listeners[clusterKey].Picker.Endpoints);
        Assert.Equal([IPEndPoint.Parse("127.0.0.7:31004")], table.Listeners[nodeKey].Picker.Endpoints);

        svc["spec"]!["internalTrafficPolicy"] = "Local";
        table = Build([svc], [slice], nodeName: "here");
        Assert.Equal([IPEndPoint.Parse("127.0.0.7:31004")], table.Listeners[clusterKey].Picker.Endpoints);

        // Without a node name to compare, every endpoint serves.
        table = Build([svc], [slice]);
        Assert.Equal(2, table.Listeners[nodeKey].Picker.Endpoints.Count);
    }
}
