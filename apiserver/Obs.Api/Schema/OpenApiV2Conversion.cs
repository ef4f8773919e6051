using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Schema;

/// <summary>
/// The OpenAPI v2 definitions made from v3 component schemas, as Kubernetes publishes a custom resource in v2:
/// what v2 cannot say is dropped (nullable with the type it qualifies, oneOf, anyOf, not, CEL rules), a
/// reference wrapped in allOf becomes a plain reference, and references point into <c>#/definitions/</c>.
/// </summary>
public static class OpenApiV2Conversion
{
    private const string V3Prefix = "#/components/schemas/";

    /// <summary>A swagger 2.0 document whose definitions are the components of <paramref name="documents"/>.</summary>
    public static JsonObject Document(IEnumerable<OpenApiDocument> documents)
    {
        var definitions = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            if (JsonNode.Parse(document.Json)?.At("components", "schemas") is not JsonObject schemas) continue;
            foreach (var (name, schema) in schemas)
            {
                if (schema is JsonObject s) definitions[name] = Schema(s);
            }
        }
        var result = new JsonObject();
        foreach (var (name, schema) in definitions) result[name] = schema;
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = new JsonObject(),
            ["definitions"] = result,
        };
    }

    /// <summary>The v2 form of one v3 schema; the input is left as it was.</summary>
    public static JsonObject Schema(JsonObject v3)
    {
        var schema = (JsonObject)v3.DeepClone();
        Convert(schema);
        return schema;
    }

    private static void Convert(JsonObject schema)
    {
        if (schema["allOf"] is JsonArray { Count: 1 } wrapped && wrapped[0] is JsonObject { Count: 1 } only && only["$ref"] is not null)
        {
            schema.Remove("allOf");
            schema["$ref"] = only["$ref"]!.DeepClone();
        }
        if (schema["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith(V3Prefix, StringComparison.Ordinal))
            schema["$ref"] = "#/definitions/" + reference[V3Prefix.Length..];
        if (schema["nullable"] is JsonValue nullable && nullable.TryGetValue<bool>(out var isNullable) && isNullable) schema.Remove("type");
        foreach (var dropped in (string[])["nullable", "oneOf", "anyOf", "not", "x-kubernetes-validations"]) schema.Remove(dropped);

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (_, property) in properties)
            {
                if (property is JsonObject p) Convert(p);
            }
        }
        if (schema["items"] is JsonObject items) Convert(items);
        if (schema["additionalProperties"] is JsonObject additional) Convert(additional);
        if (schema["allOf"] is JsonArray all)
        {
            foreach (var part in all.OfType<JsonObject>()) Convert(part);
        }
    }
}
