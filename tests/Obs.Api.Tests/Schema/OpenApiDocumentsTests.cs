using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Schema;
using Obs.Api.Schema.Descriptions;

namespace Obs.Api.Tests.Schema;

public sealed class OpenApiDocumentsTests
{
    private static readonly OpenApiDocuments Documents = OpenApiDocuments.Default;

    private static JsonObject Doc(string groupVersion) => JsonNode.Parse(Documents.ForGroupVersion(groupVersion)!.Json)!.AsObject();

    private static JsonObject Component(JsonObject doc, string name) => doc["components"]!["schemas"]![name]!.AsObject();

    /// <summary>Follows a property to the component it refers to, as kubectl explain does.</summary>
    private static JsonObject Follow(JsonObject doc, JsonObject schema, string property)
    {
        var node = schema["properties"]![property]!;
        if (node["items"] is { } items) node = items;
        var reference = node["allOf"]![0]!["$ref"]!.GetValue<string>();
        return Component(doc, reference["#/components/schemas/".Length..]);
    }

    /// <summary>The property's schema without its prose, for tests of its structure.</summary>
    private static string Structure(JsonNode property)
    {
        var copy = property.DeepClone().AsObject();
        copy.Remove("description");
        return copy.ToJsonString();
    }

    [Fact]
    public void IndexListsEveryGroupVersionWithItsHash()
    {
        var index = JsonNode.Parse(Documents.Index())!["paths"]!.AsObject();
        Assert.Equal(
            ["api/v1", "apis/apps/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1", "apis/autoscaling/v2",
             "apis/policy/v1", "apis/networking.k8s.io/v1", "apis/storage.k8s.io/v1", "apis/scheduling.k8s.io/v1", "apis/rbac.authorization.k8s.io/v1", "apis/apiextensions.k8s.io/v1",
             "apis/admissionregistration.k8s.io/v1",
             "apis/autoscaling/v1", "apis/events.k8s.io/v1"],
            index.Select(p => p.Key));
        var apps = Documents.ForGroupVersion("apps/v1")!;
        Assert.Equal($"/openapi/v3/apis/apps/v1?hash={apps.Hash}", index["apis/apps/v1"]!["serverRelativeURL"]!.GetValue<string>());
        Assert.Equal(128, apps.Hash.Length);
    }

    [Fact]
    public void DocumentsAreFoundByApiVersionOrByPath()
    {
        Assert.Same(Documents.ForGroupVersion("v1"), Documents.ForGroupVersion("api/v1"));
        Assert.Same(Documents.ForGroupVersion("apps/v1"), Documents.ForGroupVersion("apis/apps/v1"));
        Assert.Null(Documents.ForGroupVersion("apps/v2"));
    }

    [Fact]
    public void ExplainFindsDeploymentSpecDownToContainerImage()
    {
        var doc = Doc("apps/v1");
        var deployment = Component(doc, "io.k8s.api.apps.v1.Deployment");
        Assert.Equal("""[{"group":"apps","kind":"Deployment","version":"v1"}]""", deployment["x-kubernetes-group-version-kind"]!.ToJsonString());
        var spec = Follow(doc, deployment, "spec");
        Assert.Equal(["replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit", "paused", "progressDeadlineSeconds"],
            spec["properties"]!.AsObject().Select(p => p.Key));
        Assert.Equal("""{"type":"integer","format":"int32"}""", Structure(spec["properties"]!["replicas"]!));
        Assert.Equal("retainKeys", spec["properties"]!["strategy"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());
        var container = Follow(doc, Follow(doc, Follow(doc, spec, "template"), "spec"), "containers");
        Assert.Equal("""{"type":"string"}""", Structure(container["properties"]!["image"]!));
        Assert.NotNull(Component(doc, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"));
    }

    [Fact]
    public void ListsCarryPatchAndListExtensions()
    {
        var podSpec = Component(Doc("v1"), "io.k8s.api.core.v1.PodSpec");
        Assert.Equal(
            """{"type":"array","items":{"allOf":[{"$ref":"#/components/schemas/io.k8s.api.core.v1.Container"}]},"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"}""",
            Structure(podSpec["properties"]!["containers"]!));
        Assert.Equal("merge,retainKeys", podSpec["properties"]!["volumes"]!["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("atomic", podSpec["properties"]!["nodeSelector"]!["x-kubernetes-map-type"]!.GetValue<string>());
    }

    [Fact]
    public void InlineFieldsAreFlattenedIntoTheirParent()
    {
        var volume = Component(Doc("v1"), "io.k8s.api.core.v1.Volume");
        Assert.Contains("configMap", volume["properties"]!.AsObject().Select(p => p.Key));
        Assert.DoesNotContain("...", volume["properties"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void KindsAndFieldsCarryTheirDescriptions()
    {
        var doc = Doc("apps/v1");
        var deployment = Component(doc, "io.k8s.api.apps.v1.Deployment");
        Assert.StartsWith("Keeps a number of identical pods running", deployment["description"]!.GetValue<string>());
        Assert.StartsWith("The API group and version", deployment["properties"]!["apiVersion"]!["description"]!.GetValue<string>());
        var strategy = Component(doc, "io.k8s.api.apps.v1.DeploymentSpec")["properties"]!["strategy"]!;
        Assert.Equal("How the Deployment replaces old pods with new ones when the pod template changes.", strategy["description"]!.GetValue<string>());
        // The reference stays in allOf, the description beside it, as Kubernetes writes a described reference.
        Assert.Equal("#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy", strategy["allOf"]![0]!["$ref"]!.GetValue<string>());
        var probe = Component(Doc("v1"), "io.k8s.api.core.v1.Container")["properties"]!["livenessProbe"]!;
        Assert.Contains("the node agent restarts the container", probe["description"]!.GetValue<string>());
    }

    [Fact]
    public void UndescribedFieldsAndTypesCarryNoDescription()
    {
        var doc = Doc("v1");
        var spec = Component(doc, "io.k8s.api.core.v1.PodSpec");
        Assert.Null(spec["properties"]!["setHostnameAsFQDN"]!["description"]);
        Assert.Null(Component(doc, "io.k8s.api.core.v1.SELinuxOptions")["description"]);
        // An undescribed kind keeps its name and version rather than nothing.
        var bare = new OpenApiDocuments(ApiSchema.Default, SchemaDescriptions.Parse(ApiSchema.Default), ResourceTypes.Served);
        var pod = JsonNode.Parse(bare.ForGroupVersion("v1")!.Json)!["components"]!["schemas"]!["io.k8s.api.core.v1.Pod"]!;
        Assert.Equal("Pod (v1).", pod["description"]!.GetValue<string>());
    }

    [Fact]
    public void PatchOperationHasFieldValidationAndTheKind()
    {
        var doc = Doc("apps/v1");
        var patch = doc["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;
        Assert.Equal("patchAppsV1NamespacedDeployment", patch["operationId"]!.GetValue<string>());
        Assert.Equal("""{"group":"apps","kind":"Deployment","version":"v1"}""", patch["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Contains("fieldValidation", patch["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        Assert.Contains("application/strategic-merge-patch+json", patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key));
    }

    [Fact]
    public void ClusterScopedResourcesHaveNoNamespaceInTheirPath()
    {
        var doc = Doc("rbac.authorization.k8s.io/v1");
        var patch = doc["paths"]!["/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}"]!["patch"]!;
        Assert.Equal("patchRbacAuthorizationV1ClusterRole", patch["operationId"]!.GetValue<string>());
        Assert.NotNull(Doc("v1")["paths"]!["/api/v1/namespaces/{name}"]!["patch"]);
    }

    [Fact]
    public void EveryReferenceResolves()
    {
        foreach (var document in Documents.All)
        {
            var doc = JsonNode.Parse(document.Json)!.AsObject();
            var schemas = doc["components"]!["schemas"]!.AsObject();
            foreach (var reference in References(doc))
            {
                Assert.True(schemas.ContainsKey(reference["#/components/schemas/".Length..]), $"{document.Path}: {reference}");
            }
        }
    }

    [Fact]
    public void HashChangesWhenADocumentChanges()
    {
        var fewer = new OpenApiDocuments(ApiSchema.Default, SchemaDescriptions.Default, ResourceTypes.Served.Where(r => r != ResourceTypes.DaemonSet));
        Assert.NotEqual(Documents.ForGroupVersion("apps/v1")!.Hash, fewer.ForGroupVersion("apps/v1")!.Hash);
        Assert.Equal(Documents.ForGroupVersion("v1")!.Hash, fewer.ForGroupVersion("v1")!.Hash);
        Assert.NotEqual(Documents.Index(), fewer.Index());
    }

    [Fact]
    public void BuildingTwiceGivesTheSameBytes()
    {
        var again = new OpenApiDocuments(ApiSchema.Default, SchemaDescriptions.Default, ResourceTypes.Served);
        Assert.Equal(Documents.Index(), again.Index());
    }

    private static IEnumerable<string> References(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "$ref") yield return value!.GetValue<string>();
                    else foreach (var r in References(value)) yield return r;
                }
                break;
            case JsonArray array:
                foreach (var item in array) foreach (var r in References(item)) yield return r;
                break;
        }
    }
}
