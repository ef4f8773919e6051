using System.Text.Json.Nodes;

namespace Obs.Api.Defaults;

/// <summary>
/// Brings a pod template (<c>spec.template</c>: metadata + spec) to one canonical form, so that two
/// templates that mean the same thing compare and hash the same. <c>kubectl rollout undo</c> sends the
/// old ReplicaSet's template back with <c>creationTimestamp: null</c> and <c>resources: {}</c>; a
/// template typed by hand has neither. Both normalize to the same tree.
/// </summary>
public static class PodTemplateNormalizer
{
    /// <summary>A normalized copy: template defaults applied, then nulls and empty objects and lists dropped everywhere.</summary>
    public static JsonObject Normalize(JsonObject template)
    {
        var copy = (JsonObject)template.DeepClone();
        if (copy["spec"] is JsonObject spec) PodSpecDefaults.Apply(spec);
        Prune(copy);
        return copy;
    }

    /// <summary>
    /// True when two templates normalize to the same tree (key order ignored), not counting the
    /// <c>pod-template-hash</c> label: a ReplicaSet's template is its Deployment's plus that label.
    /// </summary>
    public static bool AreEquivalent(JsonObject a, JsonObject b) =>
        CanonicalJson.Write(ForComparison(a)) == CanonicalJson.Write(ForComparison(b));

    /// <summary>The normalized template without the <c>pod-template-hash</c> label, as compared and hashed.</summary>
    internal static JsonObject ForComparison(JsonObject template)
    {
        var normalized = Normalize(template);
        if (normalized["metadata"] is JsonObject metadata && metadata["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHash.LabelKey);
            if (labels.Count == 0) metadata.Remove("labels");
            if (metadata.Count == 0) normalized.Remove("metadata");
        }
        return normalized;
    }

    /// <summary>Removes null values and empty objects/lists, innermost first, so a parent left empty goes too.</summary>
    private static void Prune(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[key];
                    Prune(child);
                    if (IsEmpty(child)) obj.Remove(key);
                }
                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    Prune(array[i]);
                    // Elements stay (even empty ones): their position carries meaning.
                }
                break;
        }
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Count == 0,
        JsonArray array => array.Count == 0,
        _ => false,
    };
}
