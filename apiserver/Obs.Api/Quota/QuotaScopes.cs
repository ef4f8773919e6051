using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;

namespace Obs.Api.Quota;

/// <summary>
/// Which objects a quota's <c>spec.scopes</c> and <c>spec.scopeSelector</c> select: scopes describe pods, so a
/// scoped quota counts only the pods that meet every scope, and no other kind of object.
/// </summary>
public static class QuotaScopes
{
    /// <summary>One requirement: a scope listed in <c>spec.scopes</c> is <c>Exists</c>.</summary>
    public sealed record Requirement(string Scope, string Operator, IReadOnlyList<string> Values);

    public static IReadOnlyList<Requirement> Of(JsonObject quota)
    {
        var requirements = new List<Requirement>();
        foreach (var scope in (quota.At("spec", "scopes") as JsonArray)?.Select(s => s?.GetValue<string>()) ?? [])
        {
            if (scope is not null) requirements.Add(new Requirement(scope, "Exists", []));
        }
        foreach (var expression in (quota.At("spec", "scopeSelector", "matchExpressions") as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var values = (expression["values"] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "").ToList() ?? [];
            requirements.Add(new Requirement(expression.StringAt("scopeName") ?? "", expression.StringAt("operator") ?? "", values));
        }
        return requirements;
    }

    /// <summary>Whether the quota counts <paramref name="obj"/>, a <paramref name="groupResource"/>.</summary>
    public static bool Select(JsonObject quota, string groupResource, JsonObject obj)
    {
        var requirements = Of(quota);
        if (requirements.Count == 0) return true;
        if (groupResource != "pods") return false;
        var spec = obj["spec"] as JsonObject;
        return requirements.All(r => Matches(r, spec));
    }

    private static bool Matches(Requirement requirement, JsonObject? spec)
    {
        var holds = requirement.Scope switch
        {
            "Terminating" => spec.LongAt("activeDeadlineSeconds") is >= 0,
            "NotTerminating" => spec.LongAt("activeDeadlineSeconds") is null,
            "BestEffort" => spec is null || PodQosClass.Of(spec) == "BestEffort",
            "NotBestEffort" => spec is not null && PodQosClass.Of(spec) != "BestEffort",
            "CrossNamespacePodAffinity" => CrossNamespace(spec),
            "PriorityClass" => PriorityClass(requirement, spec.StringAt("priorityClassName") ?? ""),
            _ => false,
        };
        // For the yes/no scopes, DoesNotExist (which validation refuses) would select the others.
        return requirement.Scope == "PriorityClass" || requirement.Operator != "DoesNotExist" ? holds : !holds;
    }

    private static bool PriorityClass(Requirement requirement, string name) => requirement.Operator switch
    {
        "In" => requirement.Values.Contains(name),
        "NotIn" => !requirement.Values.Contains(name),
        "Exists" => name.Length > 0,
        "DoesNotExist" => name.Length == 0,
        _ => false,
    };

    /// <summary>A pod whose affinity or anti-affinity terms look at other namespaces (a namespace selector, or namespaces listed).</summary>
    private static bool CrossNamespace(JsonObject? spec)
    {
        foreach (var kind in new[] { "podAffinity", "podAntiAffinity" })
        {
            if (spec.At("affinity", kind) is not JsonObject affinity) continue;
            var terms = (affinity["requiredDuringSchedulingIgnoredDuringExecution"] as JsonArray)?.OfType<JsonObject>() ?? [];
            var weighted = (affinity["preferredDuringSchedulingIgnoredDuringExecution"] as JsonArray)?.OfType<JsonObject>()
                .Select(w => w["podAffinityTerm"] as JsonObject).OfType<JsonObject>() ?? [];
            if (terms.Concat(weighted).Any(t => t["namespaceSelector"] is JsonObject || t["namespaces"] is JsonArray { Count: > 0 })) return true;
        }
        return false;
    }
}
