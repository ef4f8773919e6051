using System.Text.Json.Nodes;
using Obs.Api.CustomResources;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.GarbageCollection;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Tests.GarbageCollection;

/// <summary>
/// Owners and dependents of custom kinds, as every operator makes them. Each test defines its own kind after the
/// controller manager started, so each also shows that a definition created later is followed.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class CustomResourceCollectionTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    /// <summary>A namespaced Gadget served as v1 (stored) and v1beta1; returns both versions' resources, stored first.</summary>
    private async Task<(ResourceType V1, ResourceType V1Beta1)> DefineAsync()
    {
        var group = "gc" + Guid.NewGuid().ToString("N")[..8] + ".example.com";
        var crd = JsonNode.Parse("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"gadgets.GROUP"},
             "spec":{"group":"GROUP","scope":"Namespaced","names":{"plural":"gadgets","kind":"Gadget"},
                     "versions":[
                       {"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
                       {"name":"v1beta1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """.Replace("GROUP", group))!.AsObject();
        await _client.CreateAsync(ResourceTypes.CustomResourceDefinition, crd);
        await fixture.Cluster.KubectlOkAsync("wait", "--for=condition=Established", "--timeout=30s", $"crd/gadgets.{group}");
        var types = CustomResourceDefinitions.ServedTypes(crd);
        var v1 = types.Single(t => t.Version == "v1");
        await Eventually.HoldsAsync(async () => (await fixture.Cluster.SendAsync(HttpMethod.Get, $"/apis/{group}/v1/gadgets")).Code == 200, async () => "the gadgets to be served");
        return (v1, types.Single(t => t.Version == "v1beta1"));
    }

    private async Task<JsonObject> CreateGadgetAsync(ResourceType type, string ns, string name, JsonObject? owner = null, ResourceType? ownerType = null)
    {
        var gadget = new JsonObject
        {
            ["apiVersion"] = type.ApiVersion,
            ["kind"] = type.Kind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        };
        if (owner is not null) gadget["metadata"]!["ownerReferences"] = new JsonArray(Reference(ownerType!, owner, block: false));
        return await _client.CreateAsync(type, gadget);
    }

    private async Task<JsonObject> CreateConfigMapAsync(string ns, string name, JsonObject? owner = null, ResourceType? ownerType = null, bool block = false, string? finalizer = null)
    {
        var map = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["data"] = new JsonObject { ["a"] = "b" },
        };
        if (owner is not null) map["metadata"]!["ownerReferences"] = new JsonArray(Reference(ownerType!, owner, block));
        if (finalizer is not null) map["metadata"]!["finalizers"] = new JsonArray(finalizer);
        return await _client.CreateAsync(ResourceTypes.ConfigMap, map);
    }

    private static JsonObject Reference(ResourceType type, JsonObject owner, bool block) => new()
    {
        ["apiVersion"] = type.ApiVersion,
        ["kind"] = type.Kind,
        ["name"] = ObjectMeta.Name(owner),
        ["uid"] = ObjectMeta.Uid(owner),
        ["blockOwnerDeletion"] = block,
    };

    private Task GoneAsync(ResourceType type, string ns, string name) =>
        Eventually.HoldsAsync(async () => await _client.TryGetAsync(type, ns, name) is null, async () => $"{type.GroupResource} {ns}/{name} to be collected; controllers said:\n{fixture.Log.Text()}");

    [Fact]
    public async Task AConfigMapOwnedThroughAnotherServedVersionGoesAfterItsCustomOwner()
    {
        var (v1, v1beta1) = await DefineAsync();
        var ns = await fixture.NamespaceAsync();
        var owner = await CreateGadgetAsync(v1, ns, "owner");
        // The reference names the version that is not stored: it resolves all the same.
        await CreateConfigMapAsync(ns, "dependent", owner, v1beta1);
        await _client.DeleteAsync(v1, ns, "owner", DeleteOptions.Background);
        await GoneAsync(ResourceTypes.ConfigMap, ns, "dependent");
    }

    [Fact]
    public async Task ACustomObjectOwnedByAConfigMapGoesAfterIt()
    {
        var (v1, _) = await DefineAsync();
        var ns = await fixture.NamespaceAsync();
        var owner = await CreateConfigMapAsync(ns, "owner");
        await CreateGadgetAsync(v1, ns, "dependent", owner, ResourceTypes.ConfigMap);
        await _client.DeleteAsync(ResourceTypes.ConfigMap, ns, "owner", DeleteOptions.Background);
        await GoneAsync(v1, ns, "dependent");
    }

    [Fact]
    public async Task ForegroundDeletionOfACustomObjectWaitsForItsBlockingDependent()
    {
        var (v1, _) = await DefineAsync();
        var ns = await fixture.NamespaceAsync();
        var owner = await CreateGadgetAsync(v1, ns, "owner");
        // The dependent's own finalizer keeps it, deleted, until the test lets it go: meanwhile the owner must wait.
        await CreateConfigMapAsync(ns, "dependent", owner, v1, block: true, finalizer: "example.com/hold");
        await _client.DeleteAsync(v1, ns, "owner", DeleteOptions.Foreground);
        await Eventually.HoldsAsync(async () => ObjectMeta.DeletionTimestamp(await _client.TryGetAsync(ResourceTypes.ConfigMap, ns, "dependent")) is not null,
            async () => $"the dependent to be deleted; controllers said:\n{fixture.Log.Text()}");
        var waiting = await _client.TryGetAsync(v1, ns, "owner");
        Assert.NotNull(waiting);
        Assert.Contains(GarbageCollector.ForegroundFinalizer, ObjectMeta.Finalizers(waiting));

        await _client.PatchAsync(ResourceTypes.ConfigMap, ns, "dependent", PatchType.Merge, new JsonObject { ["metadata"] = new JsonObject { ["finalizers"] = null } });
        await GoneAsync(ResourceTypes.ConfigMap, ns, "dependent");
        await GoneAsync(v1, ns, "owner");
    }

    [Fact]
    public async Task OrphanDeletionOfACustomObjectLeavesItsDependentWithoutTheReference()
    {
        var (v1, _) = await DefineAsync();
        var ns = await fixture.NamespaceAsync();
        var owner = await CreateGadgetAsync(v1, ns, "owner");
        await CreateConfigMapAsync(ns, "dependent", owner, v1);
        await _client.DeleteAsync(v1, ns, "owner", DeleteOptions.Orphan);
        await GoneAsync(v1, ns, "owner");
        var left = await _client.TryGetAsync(ResourceTypes.ConfigMap, ns, "dependent");
        Assert.NotNull(left);
        Assert.Empty(OwnerReferences.Of(left));
    }
}
