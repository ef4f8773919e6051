using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Ingress;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Ingress;

/// <summary>One sync of an Ingress over listers filled by hand; the status the controller wrote, if any.</summary>
public sealed class IngressStatusControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Node(string name, string ready, params string[] internalIps)
    {
        var addresses = new JsonArray([.. internalIps.Select(ip => (JsonNode)new JsonObject { ["type"] = "InternalIP", ["address"] = ip })]);
        addresses.Add(new JsonObject { ["type"] = "Hostname", ["address"] = name });
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready }),
                ["addresses"] = addresses,
            },
        };
    }

    private static JsonObject Ingress(string? className = "obs", string? status = null) => (JsonObject)JsonNode.Parse(
        "{\"apiVersion\": \"networking.k8s.io/v1\", \"kind\": \"Ingress\", \"metadata\": {\"name\": \"web\", \"namespace\": \"ns\", \"resourceVersion\": \"4\"}, " +
        "\"spec\": {" + (className is null ? "" : "\"ingressClassName\": \"" + className + "\", ") + "\"defaultBackend\": {\"service\": {\"name\": \"web\", \"port\": {\"number\": 80}}}}" +
        (status is null ? "" : ", \"status\": " + status) + "}")!;

    private async Task<JsonNode?> SyncAsync(JsonObject ingress, JsonObject[] nodes, JsonObject[]? classes = null)
    {
        var controller = new IngressStatusController(Stores.New(ingress).Lister, Stores.New(classes ?? [ObsIngressClass.Object()]).Lister,
            Stores.New(nodes).Lister, _control, NullLogger.Instance);
        await controller.SyncAsync("ns/web", CancellationToken.None);
        return _control.Of("status", ResourceTypes.Ingress).SingleOrDefault()?["status"];
    }

    [Fact]
    public async Task WritesTheInternalIpsOfReadyNodesSorted()
    {
        var status = await SyncAsync(Ingress(),
        [
            Node("c", "True", "10.0.0.10"),
            Node("a", "True", "10.0.0.9", "192.168.1.1"),
            Node("b", "False", "10.0.0.5"),
            Node("d", "True", "10.0.0.9"),
            Node("e", "Unknown", "10.0.0.6"),
        ]);

        Assert.Equal("""{"loadBalancer":{"ingress":[{"ip":"10.0.0.9"},{"ip":"10.0.0.10"},{"ip":"192.168.1.1"}]}}""", status!.ToJsonString());
    }

    [Fact]
    public async Task WritesNothingWhenTheAddressesAreAlreadyThere()
    {
        var status = await SyncAsync(Ingress(status: """{"loadBalancer": {"ingress": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}}"""),
            [Node("b", "True", "10.0.0.2"), Node("a", "True", "10.0.0.1")]);

        Assert.Null(status);
    }

    [Fact]
    public async Task RemovesAddressesWhenNoNodeIsReady()
    {
        var status = await SyncAsync(Ingress(status: """{"loadBalancer": {"ingress": [{"ip": "10.0.0.1"}]}}"""), [Node("a", "False", "10.0.0.1")]);

        Assert.Equal("""{"loadBalancer":{}}""", status!.ToJsonString());
    }

    [Fact]
    public async Task LeavesIngressesOfOtherClassesAlone()
    {
        var nginx = JsonNode.Parse("""{"metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx"}}""")!.AsObject();
        var notDefault = JsonNode.Parse("""{"metadata": {"name": "obs"}, "spec": {"controller": "obs.dev/ingress"}}""")!.AsObject();

        Assert.Null(await SyncAsync(Ingress("nginx"), [Node("a", "True", "10.0.0.1")], [ObsIngressClass.Object(), nginx]));
        Assert.Null(await SyncAsync(Ingress(className: null), [Node("a", "True", "10.0.0.1")], [notDefault, nginx]));
        Assert.NotNull(await SyncAsync(Ingress(className: null), [Node("a", "True", "10.0.0.1")]));
    }

    [Fact]
    public async Task AnIngressMovedToAnotherClassLosesTheAddressesObsWrote()
    {
        var nodes = new[] { Node("a", "True", "10.0.0.1"), Node("b", "False", "10.0.0.2") };

        // Both addresses are node InternalIPs (one node no longer ready): what Obs wrote.
        var status = await SyncAsync(Ingress("nginx", """{"loadBalancer": {"ingress": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}]}}"""), nodes,
            [ObsIngressClass.Object(), NginxClass]);

        Assert.Equal("""{"loadBalancer":{}}""", status!.ToJsonString());
    }

    [Fact]
    public async Task AnIngressWithoutClassLosesItsAddressesWhenObsStopsBeingTheDefault()
    {
        var notDefault = JsonNode.Parse("""{"metadata": {"name": "obs"}, "spec": {"controller": "obs.dev/ingress"}}""")!.AsObject();

        var status = await SyncAsync(Ingress(className: null, status: """{"loadBalancer": {"ingress": [{"ip": "10.0.0.1"}]}}"""),
            [Node("a", "True", "10.0.0.1")], [notDefault, NginxClass]);

        Assert.Equal("""{"loadBalancer":{}}""", status!.ToJsonString());
    }

    [Fact]
    public async Task AddressesAnotherControllerWroteStayWhenTheIngressIsNotObss()
    {
        var nodes = new[] { Node("a", "True", "10.0.0.1") };
        JsonObject[] classes = [ObsIngressClass.Object(), NginxClass];

        Assert.Null(await SyncAsync(Ingress("nginx", """{"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}}"""), nodes, classes));
        Assert.Null(await SyncAsync(Ingress("nginx", """{"loadBalancer": {"ingress": [{"ip": "10.0.0.1"}, {"ip": "203.0.113.7"}]}}"""), nodes, classes));
        Assert.Null(await SyncAsync(Ingress("nginx", """{"loadBalancer": {"ingress": [{"hostname": "lb.example.com"}]}}"""), nodes, classes));
        Assert.Null(await SyncAsync(Ingress("nginx", """{"loadBalancer": {"ingress": [{"ip": "10.0.0.1", "ports": [{"port": 443, "protocol": "TCP"}]}]}}"""), nodes, classes));
    }

    private static readonly JsonObject NginxClass = JsonNode.Parse("""{"metadata": {"name": "nginx"}, "spec": {"controller": "k8s.io/ingress-nginx"}}""")!.AsObject();
}
