using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Patch;

/// <summary>
/// The object half of strategic merge patch: members merge recursively, <c>null</c> deletes, and the
/// directives <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/…</c> and <c>$deleteFromPrimitiveList/…</c>
/// are carried out and never copied into the result.
/// </summary>
internal static class StrategicMapMerge
{
    /// <summary>
    /// Merges <paramref name="patch"/> into <paramref name="target"/>, which the caller owns and which is changed.
    /// Returns the merged object (a new one for <c>$patch: replace</c>), or null when <c>$patch: delete</c> removes it.
    /// </summary>
    public static JsonObject? Merge(JsonObject target, JsonObject patch, IMergeSchema? schema)
    {
        switch (Directives.PatchDirectiveOf(patch))
        {
            case Directives.Delete:
                return null;
            case Directives.Replace:
                target = new JsonObject();
                break;
        }

        RetainKeys(target, patch);
        DeleteFromPrimitiveLists(target, patch);

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(Directives.SetElementOrderPrefix, StringComparison.Ordinal))
            {
                // An order for a list the patch also carries is handled with that list, below.
                var field = key[Directives.SetElementOrderPrefix.Length..];
                if (!patch.ContainsKey(field)) SetElementOrder(target, field, key, value, null, schema);
                continue;
            }
            if (Directives.IsDirectiveKey(key)) continue;
            if (value is not null && patch.TryGetPropertyValue(Directives.SetElementOrderPrefix + key, out var order))
            {
                SetElementOrder(target, key, Directives.SetElementOrderPrefix + key, order, value, schema);
                continue;
            }

            var member = Directives.Member(schema, key);
            target.TryGetPropertyValue(key, out var live);
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject patchObject when live is JsonObject liveObject:
                    var merged = Merge(liveObject, patchObject, member);
                    if (merged is null) target.Remove(key);
                    else if (!ReferenceEquals(merged, liveObject)) target[key] = merged;
                    break;
                case JsonArray patchArray when live is JsonArray liveArray:
                    target[key] = new JsonArray([.. StrategicListMerge.Merge(liveArray, patchArray, member)]);
                    break;
                default:
                    // Missing, null or of another type on the server: the patch's value is taken, cleaned of directives.
                    if (TryFresh(value, member, out var fresh)) target[key] = fresh;
                    else target.Remove(key);
                    break;
            }
        }
        return target;
    }

    /// <summary>
    /// A patch value as it lands where nothing was merged into it: a copy with its directives carried
    /// out and the nulls inside objects dropped. False when the value deletes itself (<c>$patch: delete</c>).
    /// </summary>
    public static bool TryFresh(JsonNode? value, IMergeSchema? schema, out JsonNode? result)
    {
        result = value switch
        {
            JsonObject obj => Merge(new JsonObject(), obj, schema),
            JsonArray array => new JsonArray([.. StrategicListMerge.Merge(null, array, schema)]),
            _ => value?.DeepClone(),
        };
        return result is not null || value is not JsonObject;
    }

    /// <summary><c>$retainKeys</c>: fields of the live object not listed are cleared before the merge.</summary>
    private static void RetainKeys(JsonObject target, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(Directives.RetainKeys, out var value)) return;
        if (value is not JsonArray list || list.Any(e => e is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
            throw PatchException.Malformed($"invalid patch format of retainKeys: $retainKeys must be a list of field names, got {JsonSnippet.Of(value)}");
        var retained = list.Select(e => e!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, member) in patch)
        {
            if (member is not null && !Directives.IsDirectiveKey(key) && !retained.Contains(key))
                throw PatchException.Malformed($"invalid patch format of retainKeys: field \"{key}\" is in the patch but not in $retainKeys {JsonSnippet.Of(list)}");
        }
        foreach (var key in target.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList()) target.Remove(key);
    }

    /// <summary>
    /// <c>$setElementOrder/field</c>: merges the patch's list for the field (if it has one) and orders the
    /// result by the directive, the live list deciding where elements the directive does not name go.
    /// </summary>
    private static void SetElementOrder(JsonObject target, string field, string key, JsonNode? value, JsonNode? patchValue, IMergeSchema? schema)
    {
        if (value is not JsonArray order)
            throw PatchException.Malformed($"invalid patch format of setElementOrder list: {key} must be a list, got {JsonSnippet.Of(value)}");
        if (patchValue is not null and not JsonArray)
            throw PatchException.Malformed($"invalid patch format of setElementOrder list: {key} orders a list, but the patch gives \"{field}\" the value {JsonSnippet.Of(patchValue)}");
        var patchList = patchValue as JsonArray;
        var live = target[field] as JsonArray;
        if (patchList is null && live is null) return;

        var member = Directives.Member(schema, field);
        var anyObjects = order.Concat(patchList ?? []).Concat(live ?? []).Any(e => e is JsonObject);
        var mergeKey = anyObjects ? member?.PatchMergeKey : null;
        if (mergeKey is not null && order.FirstOrDefault(e => !ListOrder.TryKey(e, mergeKey, out _)) is { } stub)
            throw PatchException.Malformed($"invalid patch format of setElementOrder list: {JsonSnippet.Of(stub)} in {key} does not contain the merge key \"{mergeKey}\"");
        if (patchList is not null) CheckPatchFollowsOrder(patchList, order, mergeKey, key);

        var liveOrder = live?.ToList() ?? [];
        var merged = patchList is null ? StrategicListMerge.Detach(live) : StrategicListMerge.Merge(live, patchList, member);
        target[field] = new JsonArray([.. ListOrder.Normalize(merged, order.ToList(), liveOrder, mergeKey)]);
    }

    /// <summary>The patch list's elements must appear in <c>$setElementOrder</c>, in the same relative order.</summary>
    private static void CheckPatchFollowsOrder(JsonArray patchList, JsonArray order, string? mergeKey, string key)
    {
        if (order.Count == 0) return;
        var elements = patchList.Where(e => e is not JsonObject obj || !obj.ContainsKey(Directives.Patch)).ToList();
        int p = 0, s = 0;
        while (p < elements.Count && s < order.Count)
        {
            if (ListOrder.IndexOf([order[s]], elements[p], mergeKey) == 0) p++;
            s++;
        }
        if (p < elements.Count)
            throw PatchException.Malformed($"the order in the patch list {JsonSnippet.Of(patchList)} doesn't match {key} list {JsonSnippet.Of(order)}");
    }

    /// <summary><c>$deleteFromPrimitiveList/field</c>: every listed value is removed from the live primitive list.</summary>
    private static void DeleteFromPrimitiveLists(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith(Directives.DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)) continue;
            if (value is not JsonArray doomed)
                throw PatchException.Malformed($"invalid patch format of primitive list: {key} must be a list, got {JsonSnippet.Of(value)}");
            if (target[key[Directives.DeleteFromPrimitiveListPrefix.Length..]] is not JsonArray live) continue;
            for (var i = live.Count - 1; i >= 0; i--)
            {
                if (doomed.Any(d => JsonNode.DeepEquals(d, live[i]))) live.RemoveAt(i);
            }
        }
    }
}
