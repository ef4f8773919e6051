using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.ApiServer.Webhooks;

/// <summary>
/// A webhook's RuleWithOperations, matched as kube-apiserver's rules.Matcher matches it: operation, group and
/// version (each <c>*</c> or equal), resource (<c>pods</c>, <c>pods/status</c>, <c>pods/*</c>, <c>*/scale</c>, <c>*</c>
/// for every resource without subresource, <c>*/*</c> for all) and scope.
/// </summary>
public sealed record WebhookRule(IReadOnlyList<string> Operations, IReadOnlyList<string> Groups, IReadOnlyList<string> Versions, IReadOnlyList<string> Resources, string Scope)
{
    public static WebhookRule From(JsonObject rule) => new(
        Strings(rule["operations"]), Strings(rule["apiGroups"]), Strings(rule["apiVersions"]), Strings(rule["resources"]), rule.StringAt("scope") ?? "*");

    /// <summary>Whether the rule covers <paramref name="operation"/> on this group, version, resource and subresource.</summary>
    public bool Matches(string operation, string group, string version, string resource, string? subresource, bool clusterScoped) =>
        Covers(Operations, operation) && Covers(Groups, group) && Covers(Versions, version) && CoversResource(resource, subresource) && CoversScope(clusterScoped);

    private static bool Covers(IReadOnlyList<string> values, string value) => values.Contains("*") || values.Contains(value);

    private bool CoversResource(string resource, string? subresource)
    {
        foreach (var entry in Resources)
        {
            if (entry == "*/*") return true;
            if (subresource is null)
            {
                if (entry == "*" || entry == resource) return true;
            }
            else if (entry == $"{resource}/{subresource}" || entry == $"*/{subresource}" || entry == $"{resource}/*") return true;
        }
        return false;
    }

    /// <summary>A Namespace counts as cluster-scoped, whatever namespace its request carries.</summary>
    private bool CoversScope(bool clusterScoped) => Scope switch
    {
        "Cluster" => clusterScoped,
        "Namespaced" => !clusterScoped,
        _ => true,
    };

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToArray();
}
