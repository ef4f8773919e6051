using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Apply;

/// <summary>
/// Merges an applied configuration into the live object: objects merge field by field, map-lists merge
/// element by element on their keys, sets take the union, and scalars, atomic lists and atomic maps are
/// replaced. A null in the configuration removes the field. Neither input is changed.
/// </summary>
internal static class ApplyMerge
{
    public static JsonNode? Merge(JsonNode? live, JsonNode? applied, IMergeSchema? schema)
    {
        if (applied is null) return null;
        if (live is null) return WithoutNulls(applied, schema);
        if (MergeShape.IsGranularObject(live, schema) && MergeShape.IsGranularObject(applied, schema))
        {
            var result = live.DeepClone().AsObject();
            foreach (var (key, value) in applied.AsObject())
            {
                if (value is null)
                {
                    result.Remove(key);
                    continue;
                }
                result[key] = Merge(live[key], value, MergeShape.Child(schema, key));
            }
            return result;
        }
        if (MergeShape.Elements(live, schema) is { } liveItems && MergeShape.Elements(applied, schema) is { } appliedItems)
        {
            return MergeElements(liveItems, appliedItems, schema!.Items);
        }
        return WithoutNulls(applied, schema);
    }

    /// <summary>
    /// Keeps the live order for elements only the live list has and the applied order for the rest:
    /// a live-only element stays where it was relative to the elements around it.
    /// </summary>
    private static JsonArray MergeElements(List<(string Id, JsonNode? Item)> live, List<(string Id, JsonNode? Item)> applied, IMergeSchema? itemSchema)
    {
        var liveById = live.ToDictionary(e => e.Id, e => e.Item, StringComparer.Ordinal);
        var appliedIds = applied.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        int l = 0, a = 0;
        while (l < live.Count || a < applied.Count)
        {
            if (l < live.Count && !appliedIds.Contains(live[l].Id))
            {
                result.Add(live[l].Item?.DeepClone());
                l++;
            }
            else if (a < applied.Count)
            {
                var (id, item) = applied[a];
                result.Add(Merge(liveById.GetValueOrDefault(id), item, itemSchema));
                placed.Add(id);
                a++;
                // Live elements the applied list already placed are skipped when the live walk reaches them.
                while (l < live.Count && placed.Contains(live[l].Id)) l++;
            }
            else
            {
                l++;
            }
        }
        return result;
    }

    /// <summary>A copy of an applied value with null fields dropped (null means "not set" once stored).</summary>
    private static JsonNode? WithoutNulls(JsonNode? node, IMergeSchema? schema)
    {
        if (node is JsonObject obj && MergeShape.IsGranularObject(node, schema))
        {
            var result = new JsonObject();
            foreach (var (key, value) in obj)
            {
                if (value is not null) result[key] = WithoutNulls(value, MergeShape.Child(schema, key));
            }
            return result;
        }
        if (node is JsonArray list && schema is not null && schema.ListType != ListType.Atomic)
        {
            return new JsonArray(list.Select(item => WithoutNulls(item, schema.Items)).ToArray());
        }
        return node?.DeepClone();
    }
}
