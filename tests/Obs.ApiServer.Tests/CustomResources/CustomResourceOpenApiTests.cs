using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Testing;
using static Obs.ApiServer.Tests.CustomResources.Definitions;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>
/// Each served version of a definition is published in OpenAPI v3 as kube-apiserver publishes it, so kubectl explains
/// the kind, learns that the server validates its fields, and sees a changed definition at once.
/// </summary>
public sealed partial class CustomResourceOpenApiTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string KindDescription = "A widget the tests explain.";
    private const string SizeDescription = "How many parts the widget has, one to ten.";

    /// <summary>The Widget definition with descriptions on the kind and on spec.size, and its own list kind.</summary>
    private static JsonObject Described(string group, string kindDescription = KindDescription)
    {
        var crd = WidgetDefinition(group);
        crd["spec"]!["names"]!["listKind"] = "WidgetCatalog";
        var schema = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        schema["description"] = kindDescription;
        schema["properties"]!["spec"]!["properties"]!["size"]!["description"] = SizeDescription;
        return crd;
    }

    /// <summary>kubectl wraps descriptions to the terminal width; compare with every run of whitespace made one space.</summary>
    private async Task<string> ExplainAsync(string path, string apiVersion, params string[] flags) =>
        Whitespace().Replace(await cluster.KubectlOkAsync(["explain", path, "--api-version", apiVersion, .. flags]), " ");

    [Fact]
    public async Task KubectlExplainsTheKindAndItsFieldsFromTheDefinition()
    {
        await CreateServedAsync(cluster, Described("explain.example.com"));
        var kind = await ExplainAsync("widgets", "explain.example.com/v1");
        Assert.Contains("KIND: Widget", kind);
        Assert.Contains(KindDescription, kind);
        Assert.Contains("metadata", kind);
        var field = await ExplainAsync("widgets.spec.size", "explain.example.com/v1");
        Assert.Contains(SizeDescription, field);
        Assert.Contains("<integer>", field);
    }

    [Fact]
    public async Task KubectlExplainsFromOpenApiV2Too()
    {
        // kubectl reads v2 as gnostic protobuf: the custom kind's definition must come through that encoding.
        await CreateServedAsync(cluster, Described("v2.example.com"));
        var field = await ExplainAsync("widgets.spec.size", "v2.example.com/v1", "--output=plaintext-openapiv2");
        Assert.Contains(SizeDescription, field);
        var (_, document) = await cluster.SendAsync(HttpMethod.Get, "/openapi/v2");
        var widget = document!["definitions"]!["com.example.v2.v1.Widget"]!;
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", widget["properties"]!["metadata"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public async Task AChangedDefinitionIsPublishedUnderANewHashAndAGoneOneIsNot()
    {
        const string path = "apis/change.example.com/v1";
        await CreateServedAsync(cluster, Described("change.example.com"));
        var before = await IndexUrlAsync(path);
        Assert.NotNull(before);
        await ExplainAsync("widgets", "change.example.com/v1");

        var changed = Described("change.example.com", "A widget whose definition changed.");
        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, $"{CrdPath}/widgets.change.example.com",
            new JsonObject { ["spec"] = new JsonObject { ["versions"] = changed["spec"]!["versions"]!.DeepClone() } }.ToJsonString(), "application/merge-patch+json");
        Assert.True(code == 200, $"patch answered {code}: {body}");
        await Eventually(async () => await IndexUrlAsync(path) != before);
        // kubectl's cache holds the old document under the old hash; the new index points it at the new one.
        Assert.Contains("A widget whose definition changed.", await ExplainAsync("widgets", "change.example.com/v1"));

        await cluster.KubectlOkAsync("delete", "crd", "widgets.change.example.com", "--timeout=60s");
        await Eventually(async () => await IndexUrlAsync(path) is null);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"/openapi/v3/{path}")).Code);
    }

    [Fact]
    public async Task StrictApplyOfAnUnknownFieldIsRefused()
    {
        await CreateServedAsync(cluster, Described("strict.example.com"));
        var manifest = cluster.Manifest("strict-widget", """
            apiVersion: strict.example.com/v1
            kind: Widget
            metadata:
              name: w1
              namespace: default
            spec:
              size: 3
              bogus: true
            """);
        var result = await cluster.KubectlAsync("apply", "--validate=strict", "-f", manifest);
        Assert.True(result.ExitCode != 0, $"kubectl accepted the unknown field: {result}");
        Assert.Contains("bogus", result.StdErr);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/apis/strict.example.com/v1/namespaces/default/widgets/w1")).Code);
    }

    [Fact]
    public async Task ApplyingAChangedObjectAgainSendsAMergePatch()
    {
        // Published patch types without strategic merge tell kubectl to send a JSON merge patch, which a custom resource takes.
        await CreateServedAsync(cluster, Described("reapply.example.com"));
        string Manifest(int size) => cluster.Manifest($"reapply-{size}", $"""
            apiVersion: reapply.example.com/v1
            kind: Widget
            metadata:
              name: w1
              namespace: default
            spec:
              size: {size}
            """);
        await cluster.KubectlOkAsync("apply", "-f", Manifest(3));
        await cluster.KubectlOkAsync("apply", "-f", Manifest(4));
        var (_, widget) = await cluster.SendAsync(HttpMethod.Get, "/apis/reapply.example.com/v1/namespaces/default/widgets/w1");
        Assert.Equal(4, widget!["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task AListHasTheDefinitionsListKindAndItsSchemaIsPublished()
    {
        await CreateServedAsync(cluster, Described("lists.example.com"));
        var (code, list) = await cluster.SendAsync(HttpMethod.Get, "/apis/lists.example.com/v1/widgets");
        Assert.Equal(200, code);
        Assert.Equal("WidgetCatalog", list!["kind"]!.GetValue<string>());
        var (_, document) = await cluster.SendAsync(HttpMethod.Get, "/openapi/v3/apis/lists.example.com/v1");
        var schemas = document!["components"]!["schemas"]!;
        var gvk = schemas["com.example.lists.v1.WidgetCatalog"]!["x-kubernetes-group-version-kind"]![0]!;
        Assert.Equal("WidgetCatalog", gvk["kind"]!.GetValue<string>());
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]);
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"]);
    }

    private async Task<string?> IndexUrlAsync(string path)
    {
        var (_, index) = await cluster.SendAsync(HttpMethod.Get, "/openapi/v3");
        return index!["paths"]![path]?["serverRelativeURL"]?.GetValue<string>();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
