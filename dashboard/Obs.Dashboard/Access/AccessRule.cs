using System.Text.Json.Nodes;

namespace Obs.Dashboard.Access;

/// <summary>
/// One rule as SelfSubjectRulesReview lists it: verbs on resources of API groups (optionally by name), or verbs on
/// non-resource URLs. Matched the way Kubernetes' RBAC matches rules, so the dashboard shows what the API would serve.
/// </summary>
public sealed record AccessRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static AccessRule FromJson(JsonNode? node) => new(
        Strings(node?["verbs"]), Strings(node?["apiGroups"]), Strings(node?["resources"]),
        Strings(node?["resourceNames"]), Strings(node?["nonResourceURLs"]));

    /// <summary>Whether the rule grants <paramref name="verb"/> on the resource; a rule limited to names grants only those names.</summary>
    public bool Allows(string verb, string group, string resource, string? name = null)
    {
        if (NonResourceUrls.Length > 0 || !Has(Verbs, verb) || !Has(ApiGroups, group) || !HasResource(resource)) return false;
        return ResourceNames.Length == 0 || name is { Length: > 0 } && ResourceNames.Contains(name);
    }

    /// <summary>Whether the rule grants <paramref name="verb"/> on a non-resource path (a trailing <c>*</c> is a prefix).</summary>
    public bool AllowsPath(string verb, string path) =>
        Has(Verbs, verb) && NonResourceUrls.Any(u => u == "*" || u == path || u.EndsWith('*') && path.StartsWith(u[..^1], StringComparison.Ordinal));

    /// <summary>Every verb on every resource of every group: what <c>cluster-admin</c> (and <c>system:masters</c>) holds.</summary>
    public bool IsEverything => NonResourceUrls.Length == 0 && ResourceNames.Length == 0 && Verbs.Contains("*") && ApiGroups.Contains("*") && Resources.Contains("*");

    /// <summary><c>*</c> is every resource and subresource, <c>pods/*</c> every subresource of pods, <c>*/scale</c> the scale of any, as RBAC reads them.</summary>
    private bool HasResource(string resource)
    {
        var slash = resource.IndexOf('/');
        foreach (var r in Resources)
        {
            if (r == "*" || r == resource) return true;
            if (slash > 0 && (r == $"*{resource[slash..]}" || r == $"{resource[..slash]}/*")) return true;
        }
        return false;
    }

    private static bool Has(string[] values, string value)
    {
        foreach (var v in values) if (v == "*" || v == value) return true;
        return false;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];
}
