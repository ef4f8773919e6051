using System.Text.Json.Nodes;
using Obs.Api.Security;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>One rule of a Role or ClusterRole: verbs on resources of API groups (optionally by name), or verbs on non-resource URLs.</summary>
public sealed record PolicyRule(string[] Verbs, string[] ApiGroups, string[] Resources, string[] ResourceNames, string[] NonResourceUrls)
{
    public static PolicyRule Resource(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null) =>
        new(verbs, apiGroups, resources, resourceNames ?? [], []);

    public static PolicyRule NonResource(string[] verbs, string[] urls) => new(verbs, [], [], [], urls);

    public static PolicyRule FromJson(JsonNode? node) => new(
        RbacRuleMatch.Strings(node?["verbs"]), RbacRuleMatch.Strings(node?["apiGroups"]), RbacRuleMatch.Strings(node?["resources"]),
        RbacRuleMatch.Strings(node?["resourceNames"]), RbacRuleMatch.Strings(node?["nonResourceURLs"]));

    public JsonObject ToJson()
    {
        var rule = new JsonObject();
        if (ApiGroups.Length > 0 || Resources.Length > 0) rule["apiGroups"] = Array(ApiGroups);
        if (Resources.Length > 0) rule["resources"] = Array(Resources);
        if (ResourceNames.Length > 0) rule["resourceNames"] = Array(ResourceNames);
        if (NonResourceUrls.Length > 0) rule["nonResourceURLs"] = Array(NonResourceUrls);
        rule["verbs"] = Array(Verbs);
        return rule;
    }

    /// <summary>Whether this rule grants the request, as Kubernetes' RBAC matches rules.</summary>
    public bool Allows(AccessRequest request)
    {
        if (!RbacRuleMatch.Has(Verbs, request.Verb)) return false;
        if (!request.IsResource) return RbacRuleMatch.CoversPath(NonResourceUrls, request.Path);
        return RbacRuleMatch.Has(ApiGroups, request.ApiGroup)
            && RbacRuleMatch.CoversResource(Resources, request.Resource, request.Subresource)
            && RbacRuleMatch.CoversName(ResourceNames, request.Name);
    }

    private static JsonArray Array(string[] values) => new([.. values.Select(v => (JsonNode)v)]);
}
