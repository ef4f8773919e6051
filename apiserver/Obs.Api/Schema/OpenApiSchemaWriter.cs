using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Schema.Descriptions;

namespace Obs.Api.Schema;

/// <summary>Writes <c>components.schemas</c> entries: one per named type, with Kubernetes' extensions.</summary>
internal static class OpenApiSchemaWriter
{
    public const string QuantityName = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    public const string IntOrStringName = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    public const string TimeName = "io.k8s.apimachinery.pkg.apis.meta.v1.Time";
    public const string MicroTimeName = "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime";
    public const string RawExtensionName = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    /// <summary>The schemas of the primitive-like types Kubernetes names as components.</summary>
    public static JsonObject? Builtin(string name) => name switch
    {
        QuantityName => new JsonObject { ["description"] = "A fixed-point number with a unit suffix, such as 500m or 1Gi.", ["type"] = "string" },
        IntOrStringName => new JsonObject { ["description"] = "An integer or a string.", ["type"] = "string", ["format"] = "int-or-string" },
        TimeName => new JsonObject { ["description"] = "An RFC 3339 date and time, to the second.", ["type"] = "string", ["format"] = "date-time" },
        MicroTimeName => new JsonObject { ["description"] = "An RFC 3339 date and time, to the microsecond.", ["type"] = "string", ["format"] = "date-time" },
        RawExtensionName => new JsonObject { ["description"] = "An embedded object.", ["type"] = "object" },
        _ => null,
    };

    public static JsonObject ForType(SchemaType type, SchemaDescriptions descriptions, IReadOnlyList<(string Group, string Version, string Kind)> gvks)
    {
        var properties = new JsonObject();
        foreach (var (name, field) in type.Fields) properties[name] = ForField(field, descriptions.For(type, name));
        var schema = new JsonObject();
        // kubectl explain prints a field's description and then its type's: a type without prose of
        // its own says nothing rather than repeat its name. A kind keeps its name and version.
        var description = descriptions.For(type) ?? (type.IsKind ? $"{type.Name} ({type.Package.ApiVersion})." : null);
        if (description is not null) schema["description"] = description;
        schema["type"] = "object";
        schema["properties"] = properties;
        if (type.IsAtomic) schema["x-kubernetes-map-type"] = "atomic";
        if (gvks.Count > 0)
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray(gvks
                .Select(g => (JsonNode)new JsonObject { ["group"] = g.Group, ["kind"] = g.Kind, ["version"] = g.Version }).ToArray());
        }
        return schema;
    }

    private static JsonObject ForField(SchemaField field, string? description)
    {
        var schema = ForValue(field.Type);
        if (description is not null) schema["description"] = description;
        if (field.Type.Kind == SchemaTypeKind.Array)
        {
            if (field.DeclaredListType is { } listType) schema["x-kubernetes-list-type"] = listType.ToString().ToLowerInvariant();
            if (field.ListMapKeys.Count > 0) schema["x-kubernetes-list-map-keys"] = new JsonArray(field.ListMapKeys.Select(k => (JsonNode)k).ToArray());
        }
        if (field.IsAtomicMap) schema["x-kubernetes-map-type"] = "atomic";
        if (field.IsGranular) schema["x-kubernetes-map-type"] = "granular";
        if (field.PatchMergeKey is { } key) schema["x-kubernetes-patch-merge-key"] = key;
        if (PatchStrategyText(field.PatchStrategy) is { } strategy) schema["x-kubernetes-patch-strategy"] = strategy;
        return schema;
    }

    private static string? PatchStrategyText(PatchStrategy strategy) => strategy switch
    {
        PatchStrategy.Merge => "merge",
        PatchStrategy.RetainKeys => "retainKeys",
        PatchStrategy.Merge | PatchStrategy.RetainKeys => "merge,retainKeys",
        _ => null,
    };

    private static JsonObject ForValue(SchemaTypeRef type) => type.Kind switch
    {
        SchemaTypeKind.String => new JsonObject { ["type"] = "string" },
        SchemaTypeKind.Int32 => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        SchemaTypeKind.Int64 => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
        SchemaTypeKind.Bool => new JsonObject { ["type"] = "boolean" },
        SchemaTypeKind.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        SchemaTypeKind.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        SchemaTypeKind.Quantity => Ref(QuantityName),
        SchemaTypeKind.IntOrString => Ref(IntOrStringName),
        SchemaTypeKind.Time => Ref(TimeName),
        SchemaTypeKind.MicroTime => Ref(MicroTimeName),
        SchemaTypeKind.RawJson => Ref(RawExtensionName),
        SchemaTypeKind.FreeForm => new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
        SchemaTypeKind.Object => Ref(type.Object!.OpenApiName),
        SchemaTypeKind.Array => new JsonObject { ["type"] = "array", ["items"] = ForValue(type.Element!) },
        SchemaTypeKind.Map => new JsonObject { ["type"] = "object", ["additionalProperties"] = ForValue(type.Element!) },
        _ => new JsonObject(),
    };

    /// <summary>A reference wrapped in allOf, as Kubernetes writes it, so extensions can sit beside it.</summary>
    public static JsonObject Ref(string name) =>
        new() { ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + name }) };

    /// <summary>Every component name a type's schema refers to, directly.</summary>
    public static IEnumerable<string> References(SchemaTypeRef type) => type.Kind switch
    {
        SchemaTypeKind.Quantity => [QuantityName],
        SchemaTypeKind.IntOrString => [IntOrStringName],
        SchemaTypeKind.Time => [TimeName],
        SchemaTypeKind.MicroTime => [MicroTimeName],
        SchemaTypeKind.RawJson => [RawExtensionName],
        SchemaTypeKind.Object => [type.Object!.OpenApiName],
        SchemaTypeKind.Array or SchemaTypeKind.Map => References(type.Element!),
        _ => [],
    };
}
