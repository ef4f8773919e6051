using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// Empty labels, annotations, finalizers and ownerReferences are not kept, as Kubernetes (whose Go types omit them when
/// empty) does not keep them: a kept <c>annotations: {}</c> showed in <c>kubectl diff</c> as a change.
/// </summary>
public sealed class EmptyMetadataTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    private static void AssertNoEmptyCollections(JsonNode? obj)
    {
        var meta = obj!["metadata"]!.AsObject();
        foreach (var field in new[] { "labels", "annotations", "finalizers", "ownerReferences" }) Assert.False(meta.ContainsKey(field), $"{field} in {meta.ToJsonString()}");
    }

    [Fact]
    public async Task ACreateWithEmptyMetadataCollectionsStoresNone()
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps,
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"empty-create","labels":{},"annotations":{},"finalizers":[],"ownerReferences":[]}}""");
        Assert.Equal(201, code);
        AssertNoEmptyCollections(created);
        AssertNoEmptyCollections((await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/empty-create")).Body);
    }

    [Fact]
    public async Task APatchThatEmptiesTheAnnotationsChangesNothing()
    {
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"empty-patch"},"data":{"a":"1"}}""");
        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/empty-patch", """{"metadata":{"annotations":{}}}""", "application/strategic-merge-patch+json");
        Assert.Equal(200, code);
        AssertNoEmptyCollections(patched);
        // Nothing changed, so nothing was written.
        Assert.Equal(created!["metadata"]!["resourceVersion"]!.GetValue<string>(), patched!["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUpdateRemovingTheLastLabelLeavesNoLabels()
    {
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"empty-update","labels":{"a":"1"}}}""");
        created!["metadata"]!["labels"] = new JsonObject();
        var (code, updated) = await cluster.SendAsync(HttpMethod.Put, $"{ConfigMaps}/empty-update", created.ToJsonString());
        Assert.Equal(200, code);
        AssertNoEmptyCollections(updated);
    }
}
