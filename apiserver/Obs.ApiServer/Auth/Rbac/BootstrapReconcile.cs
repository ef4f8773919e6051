using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// What kube-apiserver's start does to the default roles and bindings that already exist: unless one is annotated
/// <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>, whatever a newer version grants and the stored one
/// lacks is added (rules no stored rule covers, aggregation selectors, subjects, labels and annotations), so a
/// cluster made by an older Obs gets the permissions its components and users need now. Nothing is ever taken away:
/// what an administrator added stays.
/// </summary>
public static class BootstrapReconcile
{
    public const string AutoupdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";

    /// <summary>The stored object with what <paramref name="desired"/> adds, or null when it lacks nothing (or is protected).</summary>
    public static JsonObject? Reconcile(JsonObject stored, JsonObject desired)
    {
        if (stored.StringAt("metadata", "annotations", AutoupdateAnnotation) == "false") return null;
        var result = (JsonObject)stored.DeepClone();
        var changed = AddMissing(result, desired, "labels") | AddMissing(result, desired, "annotations");
        if (desired["rules"] is JsonArray desiredRules)
        {
            var rules = result["rules"] as JsonArray ?? (JsonArray)(result["rules"] = new JsonArray())!;
            var have = rules.Select(PolicyRule.FromJson).ToList();
            foreach (var rule in desiredRules.Select(PolicyRule.FromJson).Where(r => !Covered(have, r)))
            {
                rules.Add((JsonNode)rule.ToJson());
                have.Add(rule);
                changed = true;
            }
        }
        if (desired["aggregationRule"]?["clusterRoleSelectors"] is JsonArray desiredSelectors)
        {
            var aggregation = result["aggregationRule"] as JsonObject ?? (JsonObject)(result["aggregationRule"] = new JsonObject())!;
            var selectors = aggregation["clusterRoleSelectors"] as JsonArray ?? (JsonArray)(aggregation["clusterRoleSelectors"] = new JsonArray())!;
            changed |= Union(selectors, desiredSelectors);
        }
        if (desired["subjects"] is JsonArray desiredSubjects)
        {
            var subjects = result["subjects"] as JsonArray ?? (JsonArray)(result["subjects"] = new JsonArray())!;
            changed |= Union(subjects, desiredSubjects);
        }
        return changed ? result : null;
    }

    /// <summary>Whether the stored rules already grant every verb on every resource, name and URL the rule names, as Kubernetes' Covers checks.</summary>
    public static bool Covered(IReadOnlyList<PolicyRule> have, PolicyRule rule) => Atoms(rule).All(a => have.Any(h => h.Allows(a)));

    private static IEnumerable<AccessRequest> Atoms(PolicyRule rule)
    {
        foreach (var verb in rule.Verbs)
        {
            foreach (var url in rule.NonResourceUrls) yield return AccessRequest.ForPath(verb, url);
            foreach (var group in rule.ApiGroups)
            {
                foreach (var resource in rule.Resources)
                {
                    var slash = resource.IndexOf('/');
                    var (plural, subresource) = slash < 0 ? (resource, "") : (resource[..slash], resource[(slash + 1)..]);
                    if (rule.ResourceNames.Length == 0) yield return AccessRequest.ForResource(verb, group, plural, subresource);
                    foreach (var name in rule.ResourceNames) yield return AccessRequest.ForResource(verb, group, plural, subresource, "", name);
                }
            }
        }
    }

    private static bool AddMissing(JsonObject result, JsonObject desired, string map)
    {
        if (desired["metadata"]?[map] is not JsonObject wanted) return false;
        var metadata = result["metadata"] as JsonObject ?? (JsonObject)(result["metadata"] = new JsonObject())!;
        var have = metadata[map] as JsonObject ?? (JsonObject)(metadata[map] = new JsonObject())!;
        var changed = false;
        foreach (var (key, value) in wanted)
        {
            if (have.ContainsKey(key)) continue;
            have[key] = value?.DeepClone();
            changed = true;
        }
        return changed;
    }

    private static bool Union(JsonArray have, JsonArray wanted)
    {
        var changed = false;
        foreach (var item in wanted)
        {
            if (have.Any(h => JsonNode.DeepEquals(h, item))) continue;
            have.Add(item?.DeepClone());
            changed = true;
        }
        return changed;
    }
}
