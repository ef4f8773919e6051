using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Api.Selectors;

namespace Obs.Controllers.Storage;

/// <summary>
/// Which PersistentVolume a claim binds to (the volume binder's findMatchingVolume): one pre-bound
/// to the claim wins; otherwise the smallest unclaimed volume of the claim's class whose capacity,
/// access modes, volume mode and labels fit, and, once a node is chosen, whose node affinity admits it.
/// </summary>
public static class VolumeMatcher
{
    public static JsonObject? Find(JsonObject claim, IEnumerable<JsonObject> volumes, JsonObject? node)
    {
        JsonObject? best = null;
        Quantity bestSize = default;
        foreach (var volume in volumes)
        {
            if (ObjectMeta.DeletionTimestamp(volume) is not null) continue;
            var claimRef = volume.At("spec", "claimRef") as JsonObject;
            var preBound = claimRef is not null && IsFor(claimRef, claim);
            if (claimRef is not null && !preBound) continue;
            if (!Fits(claim, volume, node)) continue;
            if (preBound) return volume;
            if (volume.StringAt("status", "phase") is { } phase && phase != "Available") continue;
            var size = Capacity(volume);
            if (best is null || size < bestSize)
            {
                best = volume;
                bestSize = size;
            }
        }
        return best;
    }

    /// <summary>Whether a claimRef names this claim (by uid when it carries one).</summary>
    public static bool IsFor(JsonObject claimRef, JsonObject claim) =>
        claimRef.StringAt("namespace") == ObjectMeta.Namespace(claim) && claimRef.StringAt("name") == ObjectMeta.Name(claim) &&
        (claimRef.StringAt("uid") is not { Length: > 0 } uid || uid == ObjectMeta.Uid(claim));

    public static bool Fits(JsonObject claim, JsonObject volume, JsonObject? node)
    {
        if ((volume.StringAt("spec", "storageClassName") ?? "") != ClassOf(claim)) return false;
        if ((volume.StringAt("spec", "volumeMode") ?? "Filesystem") != (claim.StringAt("spec", "volumeMode") ?? "Filesystem")) return false;
        var offered = Strings(volume.At("spec", "accessModes"));
        if (!Strings(claim.At("spec", "accessModes")).All(offered.Contains)) return false;
        if (Request(claim) > Capacity(volume)) return false;
        if (claim.At("spec", "selector") is JsonObject selector && !LabelSelector.FromJson(selector).MatchesObject(volume)) return false;
        return node is null || AdmitsNode(volume, node);
    }

    /// <summary>The claim's class: the beta annotation wins over <c>spec.storageClassName</c>; none is "".</summary>
    public static string ClassOf(JsonObject claim) =>
        ObjectMeta.Annotations(claim).FirstOrDefault(a => a.Key == StorageAnnotations.BetaStorageClass).Value
        ?? claim.StringAt("spec", "storageClassName") ?? "";

    public static Quantity Request(JsonObject claim) =>
        Quantity.TryFromJson(claim.At("spec", "resources", "requests", "storage"), out var q, out _) ? q : default;

    public static Quantity Capacity(JsonObject volume) =>
        Quantity.TryFromJson(volume.At("spec", "capacity", "storage"), out var q, out _) ? q : default;

    /// <summary>A volume's required node affinity against a node's labels (matchExpressions with In, NotIn, Exists, DoesNotExist) and name (matchFields).</summary>
    public static bool AdmitsNode(JsonObject volume, JsonObject node)
    {
        if (volume.At("spec", "nodeAffinity", "required", "nodeSelectorTerms") is not JsonArray terms) return true;
        var labels = ObjectMeta.Labels(node).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["metadata.name"] = ObjectMeta.Name(node) ?? "" };
        return terms.OfType<JsonObject>().Any(term =>
        {
            var expressions = (term["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var matchFields = (term["matchFields"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            if (expressions.Count + matchFields.Count == 0) return false;
            return expressions.All(e => Matches(e, labels)) && matchFields.All(e => Matches(e, fields));
        });
    }

    private static bool Matches(JsonObject requirement, Dictionary<string, string> values)
    {
        var present = values.TryGetValue(requirement.StringAt("key") ?? "", out var value);
        var allowed = Strings(requirement["values"]);
        return requirement.StringAt("operator") switch
        {
            "In" => present && allowed.Contains(value!),
            "NotIn" => !present || !allowed.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => false,
        };
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
}
