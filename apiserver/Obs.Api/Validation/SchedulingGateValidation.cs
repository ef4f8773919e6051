using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// <c>spec.schedulingGates</c>, Kubernetes' pod scheduling readiness: a pod created with gates waits
/// unscheduled until every gate is removed. Gates are qualified names, each once; they can only be set
/// when the pod is created and only removed afterwards; a gated pod cannot name its node yet, and
/// while gated it may still gain node selector labels and required node affinity (a controller such
/// as a job queue narrowing where it will run: Kubernetes' mutable pod scheduling directives).
/// </summary>
internal static class SchedulingGateValidation
{
    /// <summary>Names and duplicates, wherever a pod spec is (pods and pod templates).</summary>
    public static void ValidateGates(JsonObject spec, string path, ErrorList errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (gate, gatePath) in errors.Objects(spec, "schedulingGates", path))
        {
            var name = errors.String(gate, "name", gatePath) ?? "";
            errors.Name(NameFormats.IsQualifiedName(name), gatePath, name);
            if (!seen.Add(name)) errors.Add(FieldError.Duplicate(gatePath, name));
        }
    }

    /// <summary>A pod (not a template) with gates may not be placed on a node by its creator.</summary>
    public static void ValidateGatedPod(JsonObject spec, string path, ErrorList errors)
    {
        if (IsGated(spec) && JsonValues.String(spec["nodeName"]) is { Length: > 0 })
            errors.Add(FieldError.Forbidden(path.Child("nodeName"), "cannot be set until all schedulingGates have been cleared"));
    }

    /// <summary>An update may remove gates, never add one.</summary>
    public static void ValidateOnlyRemoved(JsonObject newSpec, JsonObject oldSpec, string path, ErrorList errors)
    {
        var before = new HashSet<string>(Names(oldSpec), StringComparer.Ordinal);
        var index = 0;
        foreach (var name in Names(newSpec))
        {
            if (!before.Contains(name))
                errors.Add(FieldError.Forbidden(path.Child("schedulingGates").Index(index).Child("name"), $"only deletion is allowed, but found new scheduling gate '{name}'"));
            index++;
        }
    }

    /// <summary>While the stored pod is gated, its node selector may gain entries but not lose or change one.</summary>
    public static void ValidateNodeSelectorAdditions(JsonObject newSpec, JsonObject oldSpec, string path, ErrorList errors)
    {
        var before = oldSpec["nodeSelector"] as JsonObject ?? [];
        var now = newSpec["nodeSelector"] as JsonObject ?? [];
        foreach (var (key, value) in before)
        {
            if (!now.TryGetPropertyValue(key, out var current) || JsonValues.String(current) != JsonValues.String(value))
            {
                errors.Add(FieldError.Forbidden(path.Child("nodeSelector"), "only additions to spec.nodeSelector are allowed (no mutations or deletions)"));
                return;
            }
        }
    }

    /// <summary>
    /// While the stored pod is gated its required node affinity may be narrowed: set when it had none (or no
    /// terms), otherwise the same terms, each keeping its expressions and fields in order and only adding
    /// to them (a term is an alternative: a new term would widen where the pod may go).
    /// </summary>
    public static void ValidateNodeAffinityNarrowed(JsonObject newSpec, JsonObject oldSpec, string path, ErrorList errors)
    {
        var oldTerms = RequiredTerms(oldSpec);
        if (oldTerms is not { Count: > 0 }) return;
        var newTerms = RequiredTerms(newSpec) ?? [];
        var termsPath = path.Child("affinity").Child("nodeAffinity").Child("requiredDuringSchedulingIgnoredDuringExecution").Child("nodeSelectorTerms");
        if (newTerms.Count != oldTerms.Count)
        {
            errors.Add(FieldError.Invalid(termsPath, newTerms, "no additions/deletions to non-empty NodeSelectorTerms list are allowed"));
            return;
        }
        for (var i = 0; i < oldTerms.Count; i++)
        {
            if (!OnlyAdded(newTerms[i], oldTerms[i], "matchExpressions") || !OnlyAdded(newTerms[i], oldTerms[i], "matchFields"))
                errors.Add(FieldError.Invalid(termsPath.Index(i), newTerms[i], "only additions are allowed (no mutations or deletions)"));
        }
    }

    /// <summary>
    /// Puts the stored pod's node affinity back into <paramref name="munged"/> (a copy of the new spec), so the
    /// comparison of everything else that follows does not see the narrowing allowed above.
    /// </summary>
    public static void RestoreNodeAffinity(JsonObject munged, JsonObject oldSpec)
    {
        var oldNodeAffinity = oldSpec["affinity"]?["nodeAffinity"];
        if (munged["affinity"] is not JsonObject affinity)
        {
            if (oldNodeAffinity is not null) munged["affinity"] = new JsonObject { ["nodeAffinity"] = oldNodeAffinity.DeepClone() };
            return;
        }
        if (oldNodeAffinity is not null) affinity["nodeAffinity"] = oldNodeAffinity.DeepClone();
        else affinity.Remove("nodeAffinity");
        // Affinity given only to hold the node affinity, on a pod that had none.
        if (affinity.Count == 0 && oldSpec["affinity"] is null) munged.Remove("affinity");
    }

    private static JsonArray? RequiredTerms(JsonObject spec) =>
        spec["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"] as JsonArray;

    private static bool OnlyAdded(JsonNode? newTerm, JsonNode? oldTerm, string list)
    {
        var before = oldTerm?[list] as JsonArray ?? [];
        var now = newTerm?[list] as JsonArray ?? [];
        if (before.Count > now.Count) return false;
        for (var i = 0; i < before.Count; i++)
        {
            if (!JsonNode.DeepEquals(before[i], now[i])) return false;
        }
        return true;
    }

    public static bool IsGated(JsonObject? spec) => spec?["schedulingGates"] is JsonArray { Count: > 0 };

    private static IEnumerable<string> Names(JsonObject spec) =>
        (spec["schedulingGates"] as JsonArray ?? []).Select(gate => JsonValues.String(gate.At("name")) ?? "");
}
