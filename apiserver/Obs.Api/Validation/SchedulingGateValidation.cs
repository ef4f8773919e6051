using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// <c>spec.schedulingGates</c>, Kubernetes' pod scheduling readiness: a pod created with gates waits
/// unscheduled until every gate is removed. Gates are qualified names, each once; they can only be set
/// when the pod is created and only removed afterwards; a gated pod cannot name its node yet, and
/// while gated it may still gain node selector labels (a controller narrowing where it will run).
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

    public static bool IsGated(JsonObject? spec) => spec?["schedulingGates"] is JsonArray { Count: > 0 };

    private static IEnumerable<string> Names(JsonObject spec) =>
        (spec["schedulingGates"] as JsonArray ?? []).Select(gate => JsonValues.String(gate.At("name")) ?? "");
}
