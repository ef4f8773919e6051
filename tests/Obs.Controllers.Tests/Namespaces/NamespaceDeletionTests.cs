using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Tests.Namespaces;

[Collection(ControllerCollection.Name)]
public sealed class NamespaceDeletionTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    [Fact]
    public async Task ADeletedDefaultServiceAccountIsMadeAgain()
    {
        // The apiserver makes it with the namespace; the controller keeps it there.
        var ns = await fixture.NamespaceAsync();
        Assert.NotNull(await _client.TryGetAsync(ResourceTypes.ServiceAccount, ns, "default"));
        await _client.DeleteAsync(ResourceTypes.ServiceAccount, ns, "default");
        await Eventually.HoldsAsync(async () => await _client.TryGetAsync(ResourceTypes.ServiceAccount, ns, "default") is not null, async () => "the default service account");
    }

    [Fact]
    public async Task DeletingANamespaceRemovesItsContentsThenTheNamespace()
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Deployment, Workloads.Deployment(ns, "web", 2));
        await _client.CreateAsync(ResourceTypes.ConfigMap, new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "settings", ["namespace"] = ns },
            ["data"] = new JsonObject { ["a"] = "b" },
        });
        await Eventually.HoldsAsync(async () => (await Workloads.LivePodsAsync(_client, ns)).Count == 2, async () => "two pods");

        var output = await fixture.Cluster.KubectlOkAsync("delete", "namespace", ns, "--timeout=60s");
        Assert.Contains($"namespace \"{ns}\" deleted", output);
        Assert.Null(await _client.TryGetAsync(ResourceTypes.Namespace, null, ns));
        foreach (var type in new[] { ResourceTypes.Deployment, ResourceTypes.ReplicaSet, ResourceTypes.Pod, ResourceTypes.ConfigMap, ResourceTypes.ServiceAccount })
            Assert.Empty(await Workloads.ListAsync(_client, type, ns));
    }

    [Fact]
    public async Task DeletingANamespaceRemovesItsCustomObjectsToo()
    {
        var ns = await fixture.NamespaceAsync();
        var crd = JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gizmos.ns.example.com"},
             "spec":{"group":"ns.example.com","scope":"Namespaced","names":{"plural":"gizmos","kind":"Gizmo"},
                     "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """)!.AsObject();
        if (await _client.TryGetAsync(ResourceTypes.CustomResourceDefinition, null, "gizmos.ns.example.com") is null)
            await _client.CreateAsync(ResourceTypes.CustomResourceDefinition, crd);
        await fixture.Cluster.KubectlOkAsync("wait", "--for=condition=Established", "--timeout=30s", "crd/gizmos.ns.example.com");
        var gizmos = $"/apis/ns.example.com/v1/namespaces/{ns}/gizmos";
        const string body = """{"apiVersion":"ns.example.com/v1","kind":"Gizmo","metadata":{"name":"g1"}}""";
        await Eventually.HoldsAsync(async () => (await fixture.Cluster.SendAsync(HttpMethod.Post, gizmos, body)).Code == 201, async () => "the gizmo to be created");

        await fixture.Cluster.KubectlOkAsync("delete", "namespace", ns, "--timeout=60s");
        Assert.Null(await _client.TryGetAsync(ResourceTypes.Namespace, null, ns));
        var (_, left) = await fixture.Cluster.SendAsync(HttpMethod.Get, "/apis/ns.example.com/v1/gizmos");
        Assert.DoesNotContain(left!["items"]!.AsArray(), g => g!["metadata"]!["namespace"]!.GetValue<string>() == ns);
    }
}
