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
    public static void Prune(JsonObject obj, SchemaType type) => PruneObject(obj, type, keepKind: true);

    private static void PruneValue(JsonNode? value, SchemaTypeRef type)
    {
        switch (type.Kind)
        {
            case SchemaTypeKind.Object when value is JsonObject o && type.Object is { } t:
                PruneObject(o, t, keepKind: false);
                break;
            case SchemaTypeKind.Array when value is JsonArray a:
                foreach (var item in a) PruneValue(item, type.Element!);
                break;
            case SchemaTypeKind.Map when value is JsonObject m:
                foreach (var (_, item) in m) PruneValue(item, type.Element!);
                break;
        }
    }

    /// <summary>The unknown keys are noted on the way and removed after it: a body normally has none, and then nothing is copied.</summary>
    private static void PruneObject(JsonObject obj, SchemaType type, bool keepKind)
    {
        List<string>? unknown = null;
        foreach (var (key, value) in obj)
        {
            if (keepKind && key is "apiVersion" or "kind") continue;
            if (!type.Fields.TryGetValue(key, out var field)) (unknown ??= []).Add(key);
            else PruneValue(value, field.Type);
        }
        if (unknown is null) return;
        foreach (var key in unknown) obj.Remove(key);
    }
}
