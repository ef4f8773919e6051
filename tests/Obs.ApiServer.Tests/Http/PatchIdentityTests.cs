using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.ApiServer.Registry;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// A patch or a PUT cannot rename an object, move it to another namespace or leave it without a name, and a create
/// cannot name another namespace, as in Kubernetes (the handlers' name and namespace checks, 400 BadRequest); a patch
/// that drops the resourceVersion is an unconditional update.
/// </summary>
public sealed class PatchIdentityTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const string JsonPatch = "application/json-patch+json";

    private async Task CreateAsync(string name)
    {
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"keep":"me"}},"data":{"v":"0"}}""";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, ConfigMaps, body)).Code);
    }

    private async Task AssertUnchangedAsync(string name)
    {
        var (code, stored) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/{name}");
        Assert.Equal(200, code);
        Assert.Equal("me", stored!["metadata"]!["labels"]!["keep"]!.GetValue<string>());
        Assert.Equal("0", stored["data"]!["v"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("no-meta", """[{"op":"remove","path":"/metadata"}]""", JsonPatch, "the name of the object () does not match the name on the URL (no-meta)")]
    [InlineData("no-name", """[{"op":"remove","path":"/metadata/name"}]""", JsonPatch, "the name of the object () does not match the name on the URL (no-name)")]
    [InlineData("renamed", """[{"op":"replace","path":"/metadata/name","value":"other"}]""", JsonPatch, "the name of the object (other) does not match the name on the URL (renamed)")]
    [InlineData("merge-renamed", """{"metadata":{"name":"other"}}""", "application/merge-patch+json", "the name of the object (other) does not match the name on the URL (merge-renamed)")]
    [InlineData("merge-no-meta", """{"metadata":null}""", "application/merge-patch+json", "the name of the object () does not match the name on the URL (merge-no-meta)")]
    [InlineData("moved", """[{"op":"replace","path":"/metadata/namespace","value":"kube-system"}]""", JsonPatch, "the namespace of the provided object does not match the namespace sent on the request")]
    [InlineData("smp-moved", """{"metadata":{"namespace":"kube-system"}}""", "application/strategic-merge-patch+json", "the namespace of the provided object does not match the namespace sent on the request")]
    public async Task APatchThatChangesOrDropsTheNameOrNamespaceIsABadRequestAndChangesNothing(string name, string patch, string contentType, string message)
    {
        await CreateAsync(name);

        var (code, status) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}", patch, contentType);

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
        Assert.Equal(message, status["message"]!.GetValue<string>());
        await AssertUnchangedAsync(name);
    }

    [Theory]
    [InlineData("kind", """[{"op":"replace","path":"/kind","value":"Secret"}]""")]
    [InlineData("version", """[{"op":"replace","path":"/apiVersion","value":"v2"}]""")]
    public async Task APatchThatChangesTheKindOrApiVersionIsRefusedAndChangesNothing(string name, string patch)
    {
        await CreateAsync(name);

        var (code, status) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/{name}", patch, JsonPatch);

        Assert.Equal(400, code);
        Assert.Equal("Failure", status!["status"]!.GetValue<string>());
        await AssertUnchangedAsync(name);
    }

    [Fact]
    public async Task APatchRemovingTheNamespaceKeepsTheObjectWhereItIs()
    {
        await CreateAsync("no-namespace");

        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/no-namespace",
            """[{"op":"remove","path":"/metadata/namespace"},{"op":"replace","path":"/data/v","value":"1"}]""", JsonPatch);

        Assert.Equal(200, code);
        Assert.Equal("default", patched!["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Equal("1", patched["data"]!["v"]!.GetValue<string>());
    }

    [Fact]
    public async Task APatchRemovingTheResourceVersionIsAnUnconditionalUpdate()
    {
        await CreateAsync("unconditional");
        // Moves the stored resourceVersion on, so that a precondition taken from the object would now be stale.
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/unconditional", """{"data":{"w":"x"}}""", "application/merge-patch+json")).Code);

        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/unconditional",
            """[{"op":"remove","path":"/metadata/resourceVersion"},{"op":"replace","path":"/data/v","value":"2"}]""", JsonPatch);

        Assert.Equal(200, code);
        Assert.Equal("2", patched!["data"]!["v"]!.GetValue<string>());
        Assert.Equal("me", patched["metadata"]!["labels"]!["keep"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{},"data":{"v":"9"}}""", "the name of the object () does not match the name on the URL (put-target)")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"elsewhere"},"data":{"v":"9"}}""", "the name of the object (elsewhere) does not match the name on the URL (put-target)")]
    [InlineData("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"put-target","namespace":"kube-system"},"data":{"v":"9"}}""", "the namespace of the object (kube-system) does not match the namespace on the request (default)")]
    public async Task APutWithoutTheUrlsNameOrNamespaceIsABadRequest(string body, string message)
    {
        if ((await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/put-target")).Code == 404) await CreateAsync("put-target");

        var (code, status) = await cluster.SendAsync(HttpMethod.Put, $"{ConfigMaps}/put-target", body);

        Assert.Equal(400, code);
        Assert.Equal(message, status!["message"]!.GetValue<string>());
        await AssertUnchangedAsync("put-target");
    }

    [Fact]
    public async Task ACreateInAnotherNamespaceThanTheUrlsIsABadRequestAndCreatesNothing()
    {
        var body = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"post-elsewhere","namespace":"kube-system"}}""";

        var (code, status) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, body);

        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", status!["message"]!.GetValue<string>());
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/post-elsewhere")).Code);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/kube-system/configmaps/post-elsewhere")).Code);
    }

    [Fact]
    public async Task APutOfTheStatusSubresourceUnderAnotherNameIsABadRequest()
    {
        if ((await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/status-target")).Code == 404)
        {
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
                """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"status-target"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""")).Code);
        }
        var body = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"other"},"spec":{"containers":[{"name":"c","image":"busybox"}]},"status":{"phase":"Running"}}""";

        var (code, status) = await cluster.SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/pods/status-target/status", body);

        Assert.Equal(400, code);
        Assert.Equal("the name of the object (other) does not match the name on the URL (status-target)", status!["message"]!.GetValue<string>());
    }

    /// <summary>A controller of this process may hand the registry an object without a name (it keeps the key's), but not another name or namespace.</summary>
    [Fact]
    public async Task TheRegistryKeepsTheKeysNameForAnUnnamedObjectAndRefusesAnotherNameOrNamespace()
    {
        await CreateAsync("internal-target");
        var registry = cluster.Host.Services.GetRequiredService<ObjectRegistry>();
        JsonObject Proposed(JsonObject meta) => new() { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = meta, ["data"] = new JsonObject { ["v"] = "1" } };

        var updated = await registry.UpdateAsync(ResourceTypes.ConfigMap, "default", "internal-target", null, Proposed([]), new WriteOptions(), CancellationToken.None);
        Assert.Equal("internal-target", updated["metadata"]!["name"]!.GetValue<string>());

        var renamed = await Assert.ThrowsAsync<Obs.ApiServer.Http.ApiException>(() => registry.UpdateAsync(ResourceTypes.ConfigMap, "default", "internal-target", null,
            Proposed(new JsonObject { ["name"] = "other" }), new WriteOptions(), CancellationToken.None));
        Assert.Equal("the name of the object (other) does not match the name on the URL (internal-target)", renamed.Message);
        var moved = await Assert.ThrowsAsync<Obs.ApiServer.Http.ApiException>(() => registry.UpdateAsync(ResourceTypes.ConfigMap, "default", "internal-target", null,
            Proposed(new JsonObject { ["namespace"] = "kube-system" }), new WriteOptions(), CancellationToken.None));
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", moved.Message);
    }
}
