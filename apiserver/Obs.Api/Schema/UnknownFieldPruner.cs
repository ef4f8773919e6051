using System.Text.Json.Nodes;

namespace Obs.Api.Schema;

/// <summary>
/// Drops the fields a type does not have, as Kubernetes does when it decodes a body into its Go
/// types: under <c>fieldValidation=Warn</c> or <c>Ignore</c> an unknown field is reported (or not)
/// and then simply not stored. Free-form values (annotations' values, RawExtension, JSON) are kept whole.
/// </summary>
public static class UnknownFieldPruner
{
    /// <summary>Removes unknown fields in place; <c>apiVersion</c> and <c>kind</c> at the top always stay.</summary>
    public static void Prune(JsonObject obj, SchemaType type)
    {
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (key is "apiVersion" or "kind") continue;
            if (!type.Fields.TryGetValue(key, out var field)) obj.Remove(key);
            else PruneValue(obj[key], field.Type);
        }
    }

    private static void PruneValue(JsonNode? value, SchemaTypeRef type)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.Object when value is JsonObject o && type.Object is { } t:
                PruneObject(o, t);
                break;
            case SchemaTypeKind.Array when value is JsonArray a:
                foreach (var item in a) PruneValue(item, type.Element!);
                break;
            case SchemaTypeKind.Map when value is JsonObject m:
                foreach (var (_, item) in m) PruneValue(item, type.Element!);
                break;
        }
    }

    private static void PruneObject(JsonObject obj, SchemaType type)
    {
        foreach (var key in obj.Select(p => p.Key).ToList())
        {
            if (!type.Fields.TryGetValue(key, out var field)) obj.Remove(key);
            else PruneValue(obj[key], field.Type);
        }
    }
}
