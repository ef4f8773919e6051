using System.Text.Json.Nodes;

namespace Obs.Api.Security;

/// <summary>
/// How Kubernetes' RBAC reads the parts of one rule. The apiserver authorizes with it and the dashboard uses it to show
/// only what the API would serve, so the two can never disagree on what a rule grants.
/// </summary>
public static class RbacRuleMatch
{
    /// <summary>Whether a list of verbs or API groups holds the value or <c>*</c> ("" is the core group).</summary>
    public static bool Has(string[] values, string value)
    {
        foreach (var v in values) if (v == "*" || v == value) return true;
        return false;
    }

    /// <summary>
    /// Whether the resources cover a resource and subresource: <c>*</c> is every resource and subresource, <c>*/scale</c>
    /// a subresource of any, <c>pods/*</c> every subresource of pods.
    /// </summary>
    public static bool CoversResource(string[] resources, string resource, string subresource)
    {
        foreach (var r in resources)
        {
            if (r == "*") return true;
            if (subresource.Length == 0) { if (r == resource) return true; continue; }
            if (IsResourceAndSub(r, resource, subresource)) return true;
            if (r.Length == subresource.Length + 2 && r[0] == '*' && r[1] == '/' && r.AsSpan(2).SequenceEqual(subresource)) return true;
            if (r.Length == resource.Length + 2 && r[^1] == '*' && r[^2] == '/' && r.AsSpan(0, resource.Length).SequenceEqual(resource)) return true;
        }
        return false;
    }

    /// <summary>Whether the non-resource URLs cover a path: <c>*</c> every path, a trailing <c>*</c> a prefix.</summary>
    public static bool CoversPath(string[] urls, string path)
    {
        foreach (var u in urls)
            if (u == "*" || u == path || u.EndsWith('*') && path.StartsWith(u[..^1], StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Whether a rule limited to names (none: every name) grants the named object.</summary>
    public static bool CoversName(string[] resourceNames, string? name) =>
        resourceNames.Length == 0 || name is { Length: > 0 } && resourceNames.Contains(name);

    /// <summary>The strings of a rule's array field; "" stays (it is the core API group).</summary>
    public static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : [];

    /// <summary><c>pods/log</c> against resource <c>pods</c> and subresource <c>log</c>, without building the combined string.</summary>
    private static bool IsResourceAndSub(string rule, string resource, string subresource) =>
        rule.Length == resource.Length + 1 + subresource.Length && rule[resource.Length] == '/'
        && rule.AsSpan(0, resource.Length).SequenceEqual(resource) && rule.AsSpan(resource.Length + 1).SequenceEqual(subresource);
}
