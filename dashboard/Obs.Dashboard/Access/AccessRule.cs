using System.Text.Json.Nodes;
using Obs.Api.Security;

namespace Obs.Dashboard.Access;

/// <summary>
/// One rule as SelfSubjectRulesReview lists it: verbs on resources of API groups (optionally by name), or verbs on
/// non-resource URLs. Matched the way Kubernetes' RBAC matches rules, so the dashboard shows what the API would serve.
/// </summary>
public sealed record AccessRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static AccessRule FromJson(JsonNode? node) => new(
        RbacRuleMatch.Strings(node?["verbs"]), RbacRuleMatch.Strings(node?["apiGroups"]), RbacRuleMatch.Strings(node?["resources"]),
        RbacRuleMatch.Strings(node?["resourceNames"]), RbacRuleMatch.Strings(node?["nonResourceURLs"]));

    /// <summary>
    /// Whether the rule grants <paramref name="verb"/> on the resource (<c>pods</c>, or <c>pods/log</c> for a subresource);
    /// a rule limited to names grants only those names.
    /// </summary>
    public bool Allows(string verb, string group, string resource, string? name = null)
    {
        if (NonResourceUrls.Length > 0 || !RbacRuleMatch.Has(Verbs, verb) || !RbacRuleMatch.Has(ApiGroups, group)) return false;
        var slash = resource.IndexOf('/');
        var covered = slash < 0
            ? RbacRuleMatch.CoversResource(Resources, resource, "")
            : RbacRuleMatch.CoversResource(Resources, resource[..slash], resource[(slash + 1)..]);
        return covered && RbacRuleMatch.CoversName(ResourceNames, name);
    }

    /// <summary>Whether the rule grants <paramref name="verb"/> on a non-resource path (a trailing <c>*</c> is a prefix).</summary>
    public bool AllowsPath(string verb, string path) => RbacRuleMatch.Has(Verbs, verb) && RbacRuleMatch.CoversPath(NonResourceUrls, path);

    /// <summary>Every verb on every resource of every group: what <c>cluster-admin</c> (and <c>system:masters</c>) holds.</summary>
    public bool IsEverything => NonResourceUrls.Length == 0 && ResourceNames.Length == 0 && Verbs.Contains("*") && ApiGroups.Contains("*") && Resources.Contains("*");
}
