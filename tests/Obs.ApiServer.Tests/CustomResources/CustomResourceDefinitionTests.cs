using System.Text.Json.Nodes;
using Obs.Testing;
using static Obs.ApiServer.Tests.CustomResources.Definitions;

namespace Obs.ApiServer.Tests.CustomResources;

/// <summary>A CustomResourceDefinition's own life: validation, accepted names and conditions, and its deletion taking its objects along.</summary>
public sealed class CustomResourceDefinitionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ADefinitionIsEstablishedWithItsNamesAccepted()
    {
        await CreateServedAsync(cluster, WidgetDefinition("life.example.com"));
        var crd = await WaitForConditionAsync(cluster, "widgets.life.example.com", "NamesAccepted", "True");
        Assert.Equal("Widget", crd["status"]!["acceptedNames"]!["kind"]!.GetValue<string>());
        Assert.Equal("WidgetList", crd["spec"]!["names"]!["listKind"]!.GetValue<string>());
        Assert.Equal(["v1"], crd["status"]!["storedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(1, crd["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnInvalidDefinitionIsA422NamingEachField()
    {
        var crd = WidgetDefinition("bad.example.com");
        crd["metadata"]!["name"] = "gadgets.bad.example.com";
        crd["spec"]!["scope"] = "Galaxy";
        crd["spec"]!["versions"]![0]!["schema"] = null;
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, CrdPath, crd.ToJsonString());
        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("metadata.name", fields);
        Assert.Contains("spec.scope", fields);
        Assert.Contains("spec.versions[0].schema.openAPIV3Schema", fields);
    }

    [Fact]
    public async Task AScalePathWithAnIndexIsRefusedAsKubernetesTakesOnlyDottedPaths()
    {
        // /scale writes the replicas through specReplicasPath, which only a dotted path can name.
        var crd = WidgetDefinition("scalepath.example.com");
        crd["spec"]!["versions"]![0]!["subresources"]!["scale"] = new JsonObject { ["specReplicasPath"] = ".spec.sizes[0]", ["statusReplicasPath"] = ".status.replicas" };
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, CrdPath, crd.ToJsonString());
        Assert.Equal(422, code);
        var fields = status!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("spec.versions[0].subresources.scale.specReplicasPath", fields);
    }

    [Fact]
    public async Task TwoStorageVersionsAndANonStructuralSchemaAreRefused()
    {
        var crd = WidgetDefinition("twice.example.com");
        var second = crd["spec"]!["versions"]![0]!.DeepClone();
        second["name"] = "v2";
        second["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["size"] = new JsonObject { ["minimum"] = 1 };
        crd["spec"]!["versions"]!.AsArray().Add(second);
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, CrdPath, crd.ToJsonString());
        Assert.Equal(422, code);
        var message = status!["message"]!.GetValue<string>();
        Assert.Contains("must have exactly one version marked as storage version", message);
        Assert.Contains("spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[size].type: Required value", message);
    }

    [Fact]
    public async Task ADefinitionWhoseKindIsTakenInItsGroupHasItsNamesRefused()
    {
        await CreateServedAsync(cluster, WidgetDefinition("clash.example.com"));
        var rival = WidgetDefinition("clash.example.com", plural: "widgetz");
        rival["spec"]!["names"]!["singular"] = "widgetz";
        rival["spec"]!["names"]!["shortNames"] = new JsonArray("wz");
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, CrdPath, rival.ToJsonString());
        Assert.Equal(201, code);
        var crd = await WaitForConditionAsync(cluster, "widgetz.clash.example.com", "NamesAccepted", "False");
        var accepted = crd["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "NamesAccepted")!;
        Assert.Equal("KindConflict", accepted["reason"]!.GetValue<string>());
        Assert.Contains(crd["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "Established" && c["status"]!.GetValue<string>() == "False");
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, "/apis/clash.example.com/v1/widgetz")).Code);
    }

    [Fact]
    public async Task DeletingTheDefinitionDeletesItsObjectsAndStopsServingThem()
    {
        await CreateServedAsync(cluster, WidgetDefinition("gone.example.com"));
        const string widgets = "/apis/gone.example.com/v1/namespaces/default/widgets";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, widgets, Widget("a", "gone.example.com"))).Code);
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, widgets, Widget("b", "gone.example.com"))).Code);
        var (code, _) = await cluster.SendAsync(HttpMethod.Delete, $"{CrdPath}/widgets.gone.example.com");
        Assert.Equal(200, code);
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, $"{CrdPath}/widgets.gone.example.com")).Code == 404);
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, widgets)).Code == 404);

        // Made again, the resource starts empty: the objects went with the definition.
        await CreateServedAsync(cluster, WidgetDefinition("gone.example.com"));
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, widgets);
        Assert.Empty(list!["items"]!.AsArray());
    }

    [Fact]
    public async Task TheServedResourceAppearsInDiscoveryAndLeavesWithTheDefinition()
    {
        await CreateServedAsync(cluster, WidgetDefinition("disco.example.com"));
        var (_, groups) = await cluster.SendAsync(HttpMethod.Get, "/apis");
        Assert.Contains(groups!["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "disco.example.com");
        var (_, group) = await cluster.SendAsync(HttpMethod.Get, "/apis/disco.example.com");
        Assert.Equal("disco.example.com/v1", group!["preferredVersion"]!["groupVersion"]!.GetValue<string>());
        var (_, resources) = await cluster.SendAsync(HttpMethod.Get, "/apis/disco.example.com/v1");
        var names = resources!["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["widgets", "widgets/status"], names);
        var widget = resources["resources"]![0]!;
        Assert.Equal("Widget", widget["kind"]!.GetValue<string>());
        Assert.True(widget["namespaced"]!.GetValue<bool>());
        Assert.Equal(["wix"], widget["shortNames"]!.AsArray().Select(s => s!.GetValue<string>()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        using var response = await cluster.Client.SendAsync(request);
        var aggregated = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(aggregated["items"]!.AsArray(), g => g!["metadata"]!["name"]!.GetValue<string>() == "disco.example.com");

        await cluster.SendAsync(HttpMethod.Delete, $"{CrdPath}/widgets.disco.example.com");
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, "/apis/disco.example.com/v1")).Code == 404);
        var (_, after) = await cluster.SendAsync(HttpMethod.Get, "/apis");
        Assert.DoesNotContain(after!["groups"]!.AsArray(), g => g!["name"]!.GetValue<string>() == "disco.example.com");
    }

    [Fact]
    public async Task ANewStorageVersionIsServedAndRecordedInStoredVersionsWhileTheGroupAndScopeStayFixed()
    {
        await CreateServedAsync(cluster, WidgetDefinition("update.example.com"));
        var (_, crd) = await cluster.SendAsync(HttpMethod.Get, $"{CrdPath}/widgets.update.example.com");
        var v2 = crd!["spec"]!["versions"]![0]!.DeepClone();
        v2["name"] = "v2";
        crd["spec"]!["versions"]![0]!["storage"] = false;
        crd["spec"]!["versions"]!.AsArray().Add(v2);
        var (code, updated) = await cluster.SendAsync(HttpMethod.Put, $"{CrdPath}/widgets.update.example.com", crd.ToJsonString());
        Assert.Equal(200, code);
        Assert.Equal(["v1", "v2"], updated!["status"]!["storedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<long>());
        await Eventually(async () => (await cluster.SendAsync(HttpMethod.Get, "/apis/update.example.com/v2/widgets")).Code == 200);
        var (_, group) = await cluster.SendAsync(HttpMethod.Get, "/apis/update.example.com");
        Assert.Equal("update.example.com/v2", group!["preferredVersion"]!["groupVersion"]!.GetValue<string>());

        updated["spec"]!["scope"] = "Cluster";
        var (immutable, status) = await cluster.SendAsync(HttpMethod.Put, $"{CrdPath}/widgets.update.example.com", updated.ToJsonString());
        Assert.Equal(422, immutable);
        Assert.Contains("spec.scope: Invalid value: \"Cluster\": field is immutable", status!["message"]!.GetValue<string>());
    }
}
