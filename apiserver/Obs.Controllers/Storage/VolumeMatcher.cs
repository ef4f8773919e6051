using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Api.Selectors;
using Obs.Controllers.DaemonSets;

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

    /// <summary>A volume's required node affinity against a node, matched as a DaemonSet's (labels and metadata.name).</summary>
    public static bool AdmitsNode(JsonObject volume, JsonObject node) =>
        volume.At("spec", "nodeAffinity", "required", "nodeSelectorTerms") is not JsonArray terms || NodeEligibility.MatchesNodeSelectorTerms(node, terms);

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n?.GetValue<string>() ?? "").ToList();
}
