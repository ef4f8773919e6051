using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Patch;

/// <summary>
/// The list half of strategic merge patch. A list whose schema says <c>patchStrategy: merge</c> merges:
/// objects element by element on the merge key (<c>$patch: delete</c> elements remove, a <c>$patch: replace</c>
/// element replaces the whole list), primitives as a set. Every other list is replaced by the patch's.
/// </summary>
internal static class StrategicListMerge
{
    /// <summary>The merged elements, detached and ready for a new array. <paramref name="live"/> is emptied (the caller owns it).</summary>
    public static List<JsonNode?> Merge(JsonArray? live, JsonArray patch, IMergeSchema? schema)
    {
        var items = Detach(live);
        if (!Directives.IsMergeList(schema)) return Replace(patch, schema?.Items);

        var objects = patch.Any(e => e is JsonObject) || items.Any(e => e is JsonObject);
        if (!objects) return MergeSet(items, patch);

        var mergeKey = schema!.PatchMergeKey
            ?? throw PatchException.NotApplicable($"cannot merge lists of objects without a merge key: {JsonSnippet.Of(patch)}");
        foreach (var element in patch.Concat(items))
        {
            if (element is not JsonObject)
                throw PatchException.NotApplicable($"list element types are not identical: {JsonSnippet.Of(element)} in a list merged by \"{mergeKey}\"");
        }
        return MergeByKey(items, patch, mergeKey, schema.Items);
    }

    /// <summary>Takes a live array's elements out of it, so they can be placed in a new array.</summary>
    public static List<JsonNode?> Detach(JsonArray? live)
    {
        if (live is null) return [];
        var items = live.ToList();
        live.Clear();
        return items;
    }

    private static List<JsonNode?> Replace(JsonArray patch, IMergeSchema? itemSchema)
    {
        var result = new List<JsonNode?>(patch.Count);
        foreach (var element in patch)
        {
            // A bare {"$patch": ...} element is a list directive; in a replaced list it has nothing to act on.
            if (element is JsonObject obj && obj.Count == 1 && obj.ContainsKey(Directives.Patch)) continue;
            if (StrategicMapMerge.TryFresh(element, itemSchema, out var value)) result.Add(value);
        }
        return result;
    }

    private static List<JsonNode?> MergeSet(List<JsonNode?> live, JsonArray patch)
    {
        var merged = new List<JsonNode?>(live.Count + patch.Count);
        foreach (var element in live)
        {
            if (!merged.Any(m => JsonNode.DeepEquals(m, element))) merged.Add(element);
        }
        foreach (var element in patch)
        {
            if (!merged.Any(m => JsonNode.DeepEquals(m, element))) merged.Add(element?.DeepClone());
        }
        return ListOrder.Normalize(merged, patch.ToList(), live, mergeKey: null);
    }

    private static List<JsonNode?> MergeByKey(List<JsonNode?> live, JsonArray patch, string mergeKey, IMergeSchema? itemSchema)
    {
        var patchItems = new List<JsonNode?>();
        var replace = false;
        foreach (var element in patch)
        {
            var obj = (JsonObject)element!;
            switch (Directives.PatchDirectiveOf(obj))
            {
                case Directives.Delete:
                    var key = MergeKeyOf(obj, mergeKey);
                    // Kubernetes removes every element with that key, duplicates included.
                    live.RemoveAll(e => ListOrder.TryKey(e, mergeKey, out var k) && JsonNode.DeepEquals(k, key));
                    break;
                case Directives.Replace:
                    replace = true;
                    break;
                case Directives.Merge when obj.Count == 1:
                    // A bare merge marker asks for what this list does anyway.
                    break;
                default:
                    patchItems.Add(obj);
                    break;
            }
        }
        if (replace)
        {
            var replaced = new List<JsonNode?>(patchItems.Count);
            foreach (var element in patchItems)
            {
                if (StrategicMapMerge.TryFresh(element, itemSchema, out var value)) replaced.Add(value);
            }
            return replaced;
        }

        var serverOrder = live.ToList();
        foreach (var element in patchItems)
        {
            var obj = (JsonObject)element!;
            var index = FindByKey(live, mergeKey, MergeKeyOf(obj, mergeKey));
            if (index >= 0)
            {
                var merged = StrategicMapMerge.Merge((JsonObject)live[index]!, obj, itemSchema);
                if (merged is null) live.RemoveAt(index);
                else live[index] = merged;
            }
            else if (StrategicMapMerge.TryFresh(obj, itemSchema, out var value))
            {
                live.Add(value);
            }
        }
        return ListOrder.Normalize(live, patchItems, serverOrder, mergeKey);
    }

    private static int FindByKey(List<JsonNode?> list, string mergeKey, JsonNode? key) =>
        list.FindIndex(e => ListOrder.TryKey(e, mergeKey, out var k) && JsonNode.DeepEquals(k, key));

    private static JsonNode? MergeKeyOf(JsonObject obj, string mergeKey) =>
        obj.TryGetPropertyValue(mergeKey, out var key)
            ? key
            : throw PatchException.Malformed($"map: {JsonSnippet.Of(obj)} does not contain declared merge key: {mergeKey}");
}
