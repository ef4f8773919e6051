using System.Text.Json.Nodes;
using Obs.Testing;
using static Obs.ApiServer.Tests.CustomResources.Definitions;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>Objects of a custom resource: the verbs, watch, schema validation and pruning, the status split, Tables and versions.</summary>
public sealed class CustomObjectTests(TestCluster cluster) : IClassFixture<TestCluster>, IAsyncLifetime
{
    private const string Group = "objects.example.com";
    private const string Widgets = $"/apis/{Group}/v1/namespaces/default/widgets";

    public Task InitializeAsync() => CreateServedAsync(cluster, WidgetDefinition(Group));

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<(int Code, JsonNode? Body)> CreateAsync(string name, string spec = """{"size":3}""", string? status = null) =>
        cluster.SendAsync(HttpMethod.Post, Widgets, Widget(name, Group, spec, status));

    [Fact]
    public async Task AnObjectIsCreatedReadUpdatedPatchedAndDeleted()
    {
        var (code, created) = await CreateAsync("crud", """{"size":3,"color":"red"}""");
        Assert.Equal(201, code);
        Assert.Equal(1, created!["metadata"]!["generation"]!.GetValue<long>());
        Assert.NotNull(created["metadata"]!["uid"]);
        Assert.Equal(409, (await CreateAsync("crud")).Code);

        var (_, got) = await cluster.SendAsync(HttpMethod.Get, $"{Widgets}/crud");
        Assert.Equal($"{Group}/v1", got!["apiVersion"]!.GetValue<string>());
        got["spec"]!["size"] = 4;
        var (putCode, put) = await cluster.SendAsync(HttpMethod.Put, $"{Widgets}/crud", got.ToJsonString());
        Assert.Equal(200, putCode);
        Assert.Equal(2, put!["metadata"]!["generation"]!.GetValue<long>());

        var (patchCode, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/crud", """{"spec":{"color":"blue"}}""", "application/merge-patch+json");
        Assert.Equal(200, patchCode);
        Assert.Equal("blue", patched!["spec"]!["color"]!.GetValue<string>());
        Assert.Equal(4, patched["spec"]!["size"]!.GetValue<long>());
        var (jsonPatch, _) = await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/crud", """[{"op":"replace","path":"/spec/color","value":"red"}]""", "application/json-patch+json");
        Assert.Equal(200, jsonPatch);
        var (smp, _) = await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/crud", """{"spec":{"color":"red"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(415, smp);

        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, $"{Widgets}/crud")).Code);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{Widgets}/crud")).Code);
    }

    [Fact]
    public async Task ListsSelectByLabelAndByNameAndDeleteCollectionRemovesTheSelected()
    {
        await CreateAsync("sel-a");
        await CreateAsync("sel-b");
        var (_, byLabel) = await cluster.SendAsync(HttpMethod.Get, $"{Widgets}?labelSelector=app%3Dsel-a");
        Assert.Equal("WidgetList", byLabel!["kind"]!.GetValue<string>());
        Assert.Equal(["sel-a"], byLabel["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var (_, byName) = await cluster.SendAsync(HttpMethod.Get, $"/apis/{Group}/v1/widgets?fieldSelector=metadata.name%3Dsel-b");
        Assert.Equal(["sel-b"], byName!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
        var (_, byNamespace) = await cluster.SendAsync(HttpMethod.Get, $"/apis/{Group}/v1/widgets?fieldSelector=metadata.namespace%3Dkube-system");
        Assert.Empty(byNamespace!["items"]!.AsArray());
        Assert.Equal(400, (await cluster.SendAsync(HttpMethod.Get, $"{Widgets}?fieldSelector=spec.size%3D3")).Code);

        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, $"{Widgets}?labelSelector=app%3Dsel-a")).Code);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{Widgets}/sel-a")).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Get, $"{Widgets}/sel-b")).Code);
    }

    [Fact]
    public async Task AWatchSeesObjectsAddedModifiedAndDeleted()
    {
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, Widgets);
        var rv = list!["metadata"]!["resourceVersion"]!.GetValue<string>();
        await using var watch = await WatchReader.OpenAsync(cluster.Client, $"{Widgets}?watch=true&resourceVersion={rv}&fieldSelector=metadata.name%3Dwatched");
        await CreateAsync("watched");
        await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/watched", """{"spec":{"size":5}}""", "application/merge-patch+json");
        await cluster.SendAsync(HttpMethod.Delete, $"{Widgets}/watched");
        var events = new List<(string, long)>();
        for (var i = 0; i < 3; i++)
        {
            var e = await watch.NextChangeAsync();
            events.Add((e!["type"]!.GetValue<string>(), e["object"]!["spec"]!["size"]!.GetValue<long>()));
        }
        Assert.Equal([("ADDED", 3L), ("MODIFIED", 5L), ("DELETED", 5L)], events);
    }

    [Theory]
    [InlineData("""{"size":0}""", "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1")]
    [InlineData("""{"size":11}""", "spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10")]
    [InlineData("""{"color":"red"}""", "spec.size: Required value")]
    [InlineData("""{"size":"three"}""", "spec.size: Invalid value: \"string\": spec.size in body must be of type integer: \"string\"")]
    [InlineData("""{"size":2,"color":"green"}""", "spec.color: Unsupported value: \"green\": supported values: \"red\", \"blue\"")]
    [InlineData("""{"size":2,"name":"ABC"}""", "spec.name: Invalid value: \"ABC\": spec.name in body should match '^[a-z]+$'")]
    [InlineData("""{"size":2,"name":"abcdefghij"}""", "spec.name: Too long")]
    [InlineData("""{"size":2,"tags":["a","b","c"]}""", "spec.tags: Invalid value: 3: must have at most 2 items")]
    public async Task AnObjectAgainstItsSchemaIsA422NamingTheField(string spec, string message)
    {
        var (code, status) = await CreateAsync("invalid", spec);
        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        Assert.StartsWith("Widget.objects.example.com \"invalid\" is invalid: " + message, status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task FieldsTheSchemaDoesNotDeclareArePrunedExceptUnderPreserveUnknownFields()
    {
        var (code, created) = await CreateAsync("pruned", """{"size":2,"bogus":1,"extra":{"anything":{"deep":true}}}""");
        Assert.Equal(201, code);
        Assert.Null(created!["spec"]!["bogus"]);
        Assert.True(created["spec"]!["extra"]!["anything"]!["deep"]!.GetValue<bool>());
        var body = JsonNode.Parse(Widget("strict", Group))!;
        body["spec"]!["bogus"] = 1;
        body["junk"] = "x";
        var (strictCode, status) = await cluster.SendAsync(HttpMethod.Post, $"{Widgets}?fieldValidation=Strict", body.ToJsonString());
        Assert.Equal(400, strictCode);
        Assert.Contains("unknown field \"spec.bogus\"", status!["message"]!.GetValue<string>());
        Assert.Contains("unknown field \"junk\"", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StatusIsWrittenOnlyThroughItsSubresourceAndGenerationCountsSpecChanges()
    {
        var (_, created) = await CreateAsync("split", status: """{"ready":true}""");
        Assert.Null(created!["status"]);

        created["status"] = new JsonObject { ["ready"] = true, ["replicas"] = 2 };
        created["spec"]!["size"] = 9;
        var (statusCode, afterStatus) = await cluster.SendAsync(HttpMethod.Put, $"{Widgets}/split/status", created.ToJsonString());
        Assert.True(statusCode == 200, afterStatus?.ToJsonString());
        Assert.True(afterStatus!["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal(3, afterStatus["spec"]!["size"]!.GetValue<long>());
        Assert.Equal(1, afterStatus["metadata"]!["generation"]!.GetValue<long>());

        afterStatus["status"] = new JsonObject { ["ready"] = false };
        afterStatus["spec"]!["size"] = 6;
        var (_, afterMain) = await cluster.SendAsync(HttpMethod.Put, $"{Widgets}/split", afterStatus.ToJsonString());
        Assert.True(afterMain!["status"]!["ready"]!.GetValue<bool>());
        Assert.Equal(6, afterMain["spec"]!["size"]!.GetValue<long>());
        Assert.Equal(2, afterMain["metadata"]!["generation"]!.GetValue<long>());

        var (_, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/split/status", """{"status":{"replicas":"many"}}""", "application/merge-patch+json");
        Assert.Equal("Invalid", patched!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATableShowsNameThePrinterColumnsAndAge()
    {
        await CreateAsync("tabled", """{"size":7}""");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Widgets}?fieldSelector=metadata.name%3Dtabled");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await cluster.Client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["Name", "Size", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("tabled", cells[0]!.GetValue<string>());
        Assert.Equal(7, cells[1]!.GetValue<long>());
    }

    [Fact]
    public async Task ServerSideApplyCreatesAndUpdatesAnObject()
    {
        const string yaml = """
            apiVersion: objects.example.com/v1
            kind: Widget
            metadata:
              name: applied
            spec:
              size: 2
              tags: [a]
            """;
        var (code, created) = await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/applied?fieldManager=test", yaml, "application/apply-patch+yaml");
        Assert.Equal(201, code);
        Assert.Equal("test", created!["metadata"]!["managedFields"]![0]!["manager"]!.GetValue<string>());
        var (again, updated) = await cluster.SendAsync(HttpMethod.Patch, $"{Widgets}/applied?fieldManager=test", yaml.Replace("size: 2", "size: 4"), "application/apply-patch+yaml");
        Assert.Equal(200, again);
        Assert.Equal(4, updated!["spec"]!["size"]!.GetValue<long>());
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task AClusterScopedResourceIsServedWithoutNamespaces()
    {
        await CreateServedAsync(cluster, WidgetDefinition("cluster.example.com", plural: "things", kind: "Thing", scope: "Cluster"));
        var body = JsonNode.Parse(Widget("one", "cluster.example.com"))!;
        body["kind"] = "Thing";
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, "/apis/cluster.example.com/v1/things", body.ToJsonString());
        Assert.Equal(201, code);
        Assert.Null(created!["metadata"]!["namespace"]);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/apis/cluster.example.com/v1/namespaces/default/things")).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Get, "/apis/cluster.example.com/v1/things/one")).Code);
    }

    [Fact]
    public async Task EveryServedVersionReadsTheSameObjectsWithItsOwnApiVersion()
    {
        var crd = WidgetDefinition("versions.example.com");
        var beta = crd["spec"]!["versions"]![0]!.DeepClone();
        beta["name"] = "v1beta1";
        beta["storage"] = false;
        beta["deprecated"] = true;
        crd["spec"]!["versions"]!.AsArray().Add(beta);
        await CreateServedAsync(cluster, crd);
        var body = JsonNode.Parse(Widget("old", "versions.example.com"))!;
        body["apiVersion"] = "versions.example.com/v1beta1";
        using var post = await cluster.Client.PostAsync("/apis/versions.example.com/v1beta1/namespaces/default/widgets",
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)post.StatusCode);
        Assert.Contains("299 - \"versions.example.com/v1beta1 Widget is deprecated\"", post.Headers.GetValues("Warning"));
        var created = JsonNode.Parse(await post.Content.ReadAsStringAsync());
        Assert.Equal("versions.example.com/v1beta1", created!["apiVersion"]!.GetValue<string>());
        var (_, asV1) = await cluster.SendAsync(HttpMethod.Get, "/apis/versions.example.com/v1/namespaces/default/widgets/old");
        Assert.Equal("versions.example.com/v1", asV1!["apiVersion"]!.GetValue<string>());
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/apis/versions.example.com/v1beta1/widgets");
        Assert.Equal("versions.example.com/v1beta1", list!["items"]![0]!["apiVersion"]!.GetValue<string>());
        var (_, group) = await cluster.SendAsync(HttpMethod.Get, "/apis/versions.example.com");
        Assert.Equal(["v1", "v1beta1"], group!["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
    }

    [Fact]
    public async Task EachVersionValidatesWithItsOwnSchema()
    {
        // As kube-apiserver: a write is checked against the schema of the version it was sent to, not the storage version's.
        var crd = WidgetDefinition("schemas.example.com");
        var wide = crd["spec"]!["versions"]![0]!.DeepClone();
        wide["name"] = "v1beta1";
        wide["storage"] = false;
        wide["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["size"]!["maximum"] = 100;
        crd["spec"]!["versions"]!.AsArray().Add(wide);
        await CreateServedAsync(cluster, crd);

        var big = JsonNode.Parse(Widget("big", "schemas.example.com", """{"size":50}"""))!;
        var (strict, error) = await cluster.SendAsync(HttpMethod.Post, "/apis/schemas.example.com/v1/namespaces/default/widgets", big.ToJsonString());
        Assert.Equal(422, strict);
        Assert.Contains("spec.size", error!["message"]!.GetValue<string>());

        big["apiVersion"] = "schemas.example.com/v1beta1";
        var (wider, _) = await cluster.SendAsync(HttpMethod.Post, "/apis/schemas.example.com/v1beta1/namespaces/default/widgets", big.ToJsonString());
        Assert.Equal(201, wider);
    }

    [Fact]
    public async Task TheScaleSubresourceReadsAndWritesTheDeclaredPaths()
    {
        var crd = WidgetDefinition("scaled.example.com");
        var version = crd["spec"]!["versions"]![0]!;
        version["subresources"]!["scale"] = new JsonObject { ["specReplicasPath"] = ".spec.size", ["statusReplicasPath"] = ".status.replicas", ["labelSelectorPath"] = ".status.selector" };
        version["schema"]!["openAPIV3Schema"]!["properties"]!["status"]!["properties"]!["selector"] = new JsonObject { ["type"] = "string" };
        await CreateServedAsync(cluster, crd);
        const string widgets = "/apis/scaled.example.com/v1/namespaces/default/widgets";
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, widgets, Widget("scaled", "scaled.example.com"));
        created!["status"] = new JsonObject { ["replicas"] = 2, ["selector"] = "app=scaled" };
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Put, $"{widgets}/scaled/status", created.ToJsonString())).Code);

        var (_, scale) = await cluster.SendAsync(HttpMethod.Get, $"{widgets}/scaled/scale");
        Assert.Equal("Scale", scale!["kind"]!.GetValue<string>());
        Assert.Equal(3, scale["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, scale["status"]!["replicas"]!.GetValue<long>());
        Assert.Equal("app=scaled", scale["status"]!["selector"]!.GetValue<string>());

        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{widgets}/scaled/scale", """{"spec":{"replicas":7}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal(7, patched!["spec"]!["replicas"]!.GetValue<long>());
        var (_, widget) = await cluster.SendAsync(HttpMethod.Get, $"{widgets}/scaled");
        Assert.Equal(7, widget!["spec"]!["size"]!.GetValue<long>());
        Assert.Equal(2, widget["metadata"]!["generation"]!.GetValue<long>());

        // The schema still holds: 11 is past the maximum of spec.size.
        var (tooMany, status) = await cluster.SendAsync(HttpMethod.Patch, $"{widgets}/scaled/scale", """{"spec":{"replicas":11}}""", "application/merge-patch+json");
        Assert.Equal(422, tooMany);
        Assert.Contains("spec.size", status!["message"]!.GetValue<string>());
    }
}
