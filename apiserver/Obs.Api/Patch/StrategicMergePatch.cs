using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Patch;

/// <summary>
/// Kubernetes' strategic merge patch (<c>application/strategic-merge-patch+json</c>), the patch
/// <c>kubectl apply</c>, <c>edit</c>, <c>set image</c> and <c>rollout restart</c> send. It is a JSON merge patch
/// in which lists declared <c>patchStrategy: merge</c> merge instead of being replaced, steered by the
/// <c>$patch</c>, <c>$retainKeys</c>, <c>$setElementOrder/…</c> and <c>$deleteFromPrimitiveList/…</c> directives.
/// </summary>
public static class StrategicMergePatch
{
    /// <summary>
    /// The object with <paramref name="patch"/> applied; neither input is changed. Where
    /// <paramref name="schema"/> is null (an unknown or free-form field) it behaves as JSON merge patch,
    /// except that directives are still carried out. Throws <see cref="PatchException"/>.
    /// </summary>
    public static JsonObject Apply(JsonNode? doc, JsonNode? patch, IMergeSchema? schema)
    {
        if (patch is not JsonObject patchObject)
            throw PatchException.Malformed($"a strategic merge patch must be a JSON object, got {JsonSnippet.Of(patch)}");
        var target = doc is JsonObject docObject ? (JsonObject)docObject.DeepClone() : new JsonObject();
        return StrategicMapMerge.Merge(target, patchObject, schema) ?? new JsonObject();
    }
}
