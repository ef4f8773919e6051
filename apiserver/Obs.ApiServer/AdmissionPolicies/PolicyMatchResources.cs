using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>
/// A policy's <c>matchConstraints</c> or a binding's <c>matchResources</c>, matched as kube-apiserver's policy matcher
/// does: the namespace and object selectors, then no exclude rule may cover the request, then a resource rule must
/// (none given matches every resource); with matchPolicy Equivalent, the same resource at another version counts.
/// </summary>
public sealed record PolicyMatchResources(IReadOnlyList<PolicyRule> Rules, IReadOnlyList<PolicyRule> Excluded, bool ExactMatch, LabelSelector NamespaceSelector, LabelSelector ObjectSelector)
{
    public static PolicyMatchResources? From(JsonNode? node) => node is not JsonObject match ? null : new(
        ParseRules(match["resourceRules"]),
        ParseRules(match["excludeResourceRules"]),
        ExactMatch: match.StringAt("matchPolicy") == "Exact",
        match["namespaceSelector"] is { } ns ? LabelSelector.FromJson(ns) : LabelSelector.Everything,
        match["objectSelector"] is { } obj ? LabelSelector.FromJson(obj) : LabelSelector.Everything);

    /// <summary>The version the policy sees the request's objects in, or null when it does not match.</summary>
    public ResourceType? Match(AdmissionAttributes request, WebhookMatcher matcher)
    {
        if (!matcher.MatchesSelectors(NamespaceSelector, ObjectSelector, request)) return null;
        if (WebhookMatcher.MatchRules(r => Excluded.Any(rule => rule.Matches(request, r)), ExactMatch, request) is not null) return null;
        return Rules.Count == 0 ? request.Served : WebhookMatcher.MatchRules(r => Rules.Any(rule => rule.Matches(request, r)), ExactMatch, request);
    }

    private static PolicyRule[] ParseRules(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>().Select(PolicyRule.From).ToArray();
}
