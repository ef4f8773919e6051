using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Testing;

namespace Obs.ApiServer.Tests.PortForward;

/// <summary>pods/portforward refused before any upgrade: each time a Status in the 4xx range that says why.</summary>
public sealed class PortForwardEndpointTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task AnUnscheduledPodAPodNotRunningAndAnUnregisteredNodeAreTheCallersToFix()
    {
        await CreatePodAsync("unscheduled", node: null, phase: null);
        await AssertRefusedAsync("unscheduled", "", 400, "pod unscheduled does not have a host assigned");

        await CreatePodAsync("starting", node: "somewhere", phase: "Pending");
        await AssertRefusedAsync("starting", "", 400, "unable to forward port because pod is not running. Current status=Pending");

        await CreatePodAsync("stranded", node: "nowhere", phase: "Running");
        await AssertRefusedAsync("stranded", "", 404, "nodes \"nowhere\" not found: pod \"stranded\" is bound to a node that is not registered, so its ports cannot be forwarded");
    }

    [Fact]
    public async Task ABadPortParameterOrNoUpgradeIsABadRequest()
    {
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/nodes", """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"agent-node","annotations":{"obs.dev/agent-serving-cert-sha256":"00"}}}
            """);
        Assert.Equal(201, code);
        (code, _) = await cluster.SendAsync(HttpMethod.Patch, "/api/v1/nodes/agent-node/status", """
            {"status":{"addresses":[{"type":"InternalIP","address":"127.0.0.1"}],"daemonEndpoints":{"kubeletEndpoint":{"Port":1}}}}
            """, "application/merge-patch+json");
        Assert.Equal(200, code);
        await CreatePodAsync("served", node: "agent-node", phase: "Running");

        await AssertRefusedAsync("served", "?ports=80&ports=http", 400, "invalid port \"http\" in query parameter ports: a port is a number from 1 to 65535");
        await AssertRefusedAsync("served", "?ports=70000", 400, "invalid port \"70000\" in query parameter ports: a port is a number from 1 to 65535");
        await AssertRefusedAsync("served", "", 400, "Upgrade request required: port-forward is served over a WebSocket with subprotocol SPDY/3.1+portforward.k8s.io or an HTTP/1.1 upgrade to SPDY/3.1");
    }

    private async Task CreatePodAsync(string name, string? node, string? phase)
    {
        var pod = JsonNode.Parse("""{"apiVersion":"v1","kind":"Pod","spec":{"containers":[{"name":"main","image":"busybox","ports":[{"containerPort":8000}]}]}}""")!;
        pod["metadata"] = new JsonObject { ["name"] = name };
        if (node is not null) pod["spec"]!["nodeName"] = node;
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", pod.ToJsonString());
        Assert.True(code == 201, body?.ToJsonString());
        if (phase is null) return;
        (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/pods/{name}/status", new JsonObject { ["status"] = new JsonObject { ["phase"] = phase } }.ToJsonString(), "application/merge-patch+json");
        Assert.True(code == 200, body?.ToJsonString());
    }

    private async Task AssertRefusedAsync(string pod, string query, int expected, string message)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/pods/{pod}/portforward{query}");
        Assert.Equal(expected, code);
        Assert.Equal("Status", body.StringAt("kind"));
        Assert.Equal(message, body.StringAt("message"));
    }
}
