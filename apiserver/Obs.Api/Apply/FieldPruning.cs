using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// Removes from a merged object the fields an applier owned at its last apply and no longer applies,
/// unless some manager (the applier's new configuration included) still owns them. This is what makes
/// a field dropped from a manifest disappear from the object.
/// </summary>
internal static class FieldPruning
{
    /// <param name="node">The merged object.</param>
    /// <param name="last">The applier's fields from its previous apply.</param>
    /// <param name="kept">The fields every manager owns now, including the applier's new ones.</param>
    public static JsonNode? Prune(JsonNode? node, FieldSet last, FieldSet kept, IMergeSchema? schema)
    {
        if (last.IsEmpty) return node?.DeepClone();
        if (MergeShape.IsGranularObject(node, schema))
        {
            var result = new JsonObject();
            foreach (var (key, value) in node!.AsObject())
            {
                var element = PathElement.Field(key);
                var pruned = PruneChild(value, last.Child(element), kept.Child(element), MergeShape.Child(schema, key), MergeShape.IsMapEntry(schema, key), out var remove);
                if (!remove) result[key] = pruned;
            }
            return result;
        }
        if (MergeShape.Elements(node, schema) is { } elements)
        {
            var result = new JsonArray();
            foreach (var (id, item) in elements)
            {
                // An element the applier had and nobody keeps goes whole, even if others own fields inside it.
                var pruned = PruneChild(item, last.Child(id), kept.Child(id), schema!.Items, isEntry: true, out var remove);
                if (!remove) result.Add(pruned);
            }
            return result;
        }
        return node?.DeepClone();
    }

    private static JsonNode? PruneChild(JsonNode? value, FieldSet last, FieldSet kept, IMergeSchema? schema, bool isEntry, out bool remove)
    {
        remove = false;
        if (last.IsEmpty) return value?.DeepClone();
        if (last.IsMember && !kept.IsMember && (isEntry || kept.IsEmpty || !MergeShape.IsGranularObject(value, schema)))
        {
            remove = true;
            return null;
        }
        var pruned = Prune(value, last, kept, schema);
        // A field whose contents were all pruned goes too, rather than staying behind as {} or [],
        // when nobody owns anything in it.
        remove = kept.IsEmpty && IsEmptyContainer(pruned) && !IsEmptyContainer(value);
        return pruned;
    }

    private static bool IsEmptyContainer(JsonNode? node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
