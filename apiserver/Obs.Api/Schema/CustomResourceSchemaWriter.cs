using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Api.Schema.Descriptions;

namespace Obs.Api.Schema;

/// <summary>
/// The OpenAPI v3 schema a served version of a custom resource publishes, as apiextensions-apiserver builds it:
/// the definition's <c>openAPIV3Schema</c> with the fields every kind has (apiVersion, kind, and metadata as a
/// reference to ObjectMeta) and the kind's <c>x-kubernetes-group-version-kind</c>, named by the group reversed
/// (<c>stable.example.com/v1</c> CronTab is <c>com.example.stable.v1.CronTab</c>).
/// </summary>
internal static class CustomResourceSchemaWriter
{
    public const string ObjectMetaName = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

    /// <summary>The component-name prefix of a custom resource's kinds.</summary>
    public static string Prefix(ResourceType resource) => string.Join('.', resource.Group.Split('.').Reverse()) + "." + resource.Version;

    public static JsonObject ForObject(ResourceType resource, SchemaDescriptions descriptions)
    {
        var schema = resource.Custom?.OpenApiV3Schema?.DeepClone() as JsonObject
            ?? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true };
        schema["type"] = "object";
        if (schema["properties"] is not JsonObject properties) schema["properties"] = properties = [];
        properties["apiVersion"] = Field("apiVersion", descriptions, new JsonObject { ["type"] = "string" });
        properties["kind"] = Field("kind", descriptions, new JsonObject { ["type"] = "string" });
        properties["metadata"] = Field("metadata", descriptions, OpenApiSchemaWriter.Ref(ObjectMetaName));
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = resource.Group, ["kind"] = resource.Kind, ["version"] = resource.Version,
        });
        return schema;
    }

    private static JsonObject Field(string name, SchemaDescriptions descriptions, JsonObject schema)
    {
        if (descriptions.ForKindField(name) is { } description) schema["description"] = description;
        return schema;
    }
}
