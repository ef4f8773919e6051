using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.ApiServer.Webhooks;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>A NamedRuleWithOperations: a webhook-style rule, narrowed to objects of the given names when any are given.</summary>
public sealed record PolicyRule(WebhookRule Rule, IReadOnlyList<string> ResourceNames)
{
    public static PolicyRule From(JsonObject rule) =>
        new(WebhookRule.From(rule), (rule["resourceNames"] as JsonArray ?? []).Select(n => n?.ToString()).OfType<string>().ToArray());

    public bool Matches(AdmissionAttributes request, ResourceType resource) =>
        Rule.Matches(request.Operation, resource.Group, resource.Version, resource.Plural, request.Subresource, !resource.Namespaced) &&
        (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name));
}
