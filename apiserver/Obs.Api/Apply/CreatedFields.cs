using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// The fields a create owns, written straight as FieldsV1: what comparing Kubernetes' empty typed baseline
/// (an empty <c>spec</c>) with <see cref="TrackedFields.View"/> of the object finds added, after
/// <see cref="TrackedFields.Filter"/>, read from the object in place instead of through copies and field sets.
/// Every path below the top level is a member; <c>metadata</c> and <c>spec</c> themselves are not.
/// </summary>
internal static class CreatedFields
{
    /// <summary>The FieldsV1 tree, or null when the create owns nothing.</summary>
    public static JsonObject? Of(JsonObject obj, IMergeSchema? schema)
    {
        var top = new List<(string Element, JsonNode? Value, IMergeSchema? Schema)>();
        JsonObject? result = null;
        foreach (var (key, value) in obj)
        {
            if (value is null || TrackedFields.UntrackedTopLevel.Contains(key) || key == TrackedFields.Status) continue;
            top.Add((PathElement.Field(key), value, MergeShape.Child(schema, key)));
        }
        top.Sort((a, b) => PathElement.Compare(a.Element, b.Element));
        foreach (var (element, value, childSchema) in top)
        {
            JsonObject? fields;
            if (element == "f:metadata")
                fields = MergeShape.IsGranularObject(value, childSchema) ? Inner(Children(value, childSchema, TrackedFields.UntrackedMetadata)) : null;
            else if (element == "f:spec" && value is JsonObject spec)
                fields = MergeShape.IsGranularObject(spec, childSchema) ? Inner(Children(spec, childSchema, []))
                    : spec.Count == 0 ? null : [];
            else
                fields = Member(value, childSchema);
            if (fields is null) continue;
            result ??= [];
            result[element] = fields;
        }
        return result;
    }

    /// <summary>A path that is itself owned: a leaf <c>{}</c>, or <c>"."</c> and its children.</summary>
    private static JsonObject Member(JsonNode? node, IMergeSchema? schema)
    {
        var children = Children(node, schema, []);
        if (children is null || children.Count == 0) return [];
        var result = new JsonObject { [PathElement.Self] = new JsonObject() };
        foreach (var (element, value, childSchema) in children) result[element] = Member(value, childSchema);
        return result;
    }

    /// <summary>A node not owned itself (<c>metadata</c>, <c>spec</c>): only its children, or null when it has none.</summary>
    private static JsonObject? Inner(List<(string Element, JsonNode? Value, IMergeSchema? Schema)>? children)
    {
        if (children is null || children.Count == 0) return null;
        var result = new JsonObject();
        foreach (var (element, value, childSchema) in children) result[element] = Member(value, childSchema);
        return result;
    }

    /// <summary>The owned children of a node in FieldsV1 order, as <see cref="ObjectComparison.InsertAll"/> finds them.</summary>
    private static List<(string Element, JsonNode? Value, IMergeSchema? Schema)>? Children(JsonNode? node, IMergeSchema? schema, string[] skipped)
    {
        List<(string, JsonNode?, IMergeSchema?)>? children = null;
        if (MergeShape.IsGranularObject(node, schema))
        {
            foreach (var (key, value) in node!.AsObject())
            {
                if (value is null || skipped.Contains(key)) continue;
                (children ??= []).Add((PathElement.Field(key), value, MergeShape.Child(schema, key)));
            }
        }
        else if (MergeShape.Elements(node, schema) is { } elements)
        {
            foreach (var (id, item) in elements) (children ??= []).Add((id, item, schema!.Items));
        }
        children?.Sort((a, b) => PathElement.Compare(a.Item1, b.Item1));
        return children;
    }
}
