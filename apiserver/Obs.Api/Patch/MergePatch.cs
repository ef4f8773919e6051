using System.Text.Json.Nodes;

namespace Obs.Api.Patch;

/// <summary>
/// RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>), as <c>kubectl scale</c>, <c>label</c>
/// and <c>annotate</c> send it: objects merge member by member, <c>null</c> deletes, anything else replaces.
/// </summary>
public static class MergePatch
{
    /// <summary>
    /// The document with <paramref name="patch"/> merged in; neither input is changed. A patch that is
    /// not an object replaces the whole document (the apiserver rejects a result that is not an object).
    /// </summary>
    public static JsonNode? Apply(JsonNode? doc, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = doc is JsonObject docObject ? (JsonObject)docObject.DeepClone() : new JsonObject();
        Merge(result, patchObject);
        return result;
    }

    /// <summary>
    /// The merge patch that turns <paramref name="original"/> into <paramref name="modified"/>: removed members
    /// become <c>null</c>, changed objects recurse, everything else is copied. A <c>null</c> member inside an
    /// object of <paramref name="modified"/> cannot be expressed (merge patch reads it as a deletion).
    /// </summary>
    public static JsonNode? Create(JsonNode? original, JsonNode? modified)
    {
        if (original is not JsonObject from || modified is not JsonObject to) return modified?.DeepClone();
        var patch = new JsonObject();
        foreach (var (key, _) in from)
        {
            if (!to.ContainsKey(key)) patch[key] = null;
        }
        foreach (var (key, value) in to)
        {
            if (from.TryGetPropertyValue(key, out var old) && JsonNode.DeepEquals(old, value)) continue;
            patch[key] = old is JsonObject && value is JsonObject ? Create(old, value) : value?.DeepClone();
        }
        return patch;
    }

    /// <summary>Merges into <paramref name="target"/>, which the caller owns (a copy).</summary>
    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            switch (value)
            {
                case null:
                    target.Remove(key);
                    break;
                case JsonObject child:
                    if (target[key] is not JsonObject existing)
                    {
                        existing = new JsonObject();
                        target[key] = existing;
                    }
                    Merge(existing, child);
                    break;
                default:
                    target[key] = value.DeepClone();
                    break;
            }
        }
    }
}
