using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.ApiServer.AdmissionPolicies;

/// <summary>A stored ValidatingAdmissionPolicyBinding, read once per change: the policy it puts in force, over which writes, with which parameters, and what a failed rule does.</summary>
public sealed record PolicyBinding(string Name, string PolicyName, PolicyParamRef? ParamRef, PolicyMatchResources? MatchResources, bool Deny, bool Warn, bool Audit)
{
    public static PolicyBinding Parse(string name, JsonObject binding)
    {
        var spec = binding["spec"] as JsonObject ?? [];
        var actions = (spec["validationActions"] as JsonArray ?? []).Select(a => a?.ToString()).ToHashSet();
        return new PolicyBinding(name, spec.StringAt("policyName") ?? "", PolicyParamRef.From(spec["paramRef"]), PolicyMatchResources.From(spec["matchResources"]),
            actions.Contains("Deny"), actions.Contains("Warn"), actions.Contains("Audit"));
    }
}

/// <summary>A binding's paramRef: one object by name, or those a selector picks, in a namespace (or the request's); what to do when none is found.</summary>
public sealed record PolicyParamRef(string? Name, string? Namespace, LabelSelector? Selector, bool DenyWhenNotFound)
{
    public static PolicyParamRef? From(JsonNode? node) => node is not JsonObject paramRef ? null : new(
        paramRef.StringAt("name") is { Length: > 0 } name ? name : null,
        paramRef.StringAt("namespace") is { Length: > 0 } ns ? ns : null,
        paramRef["selector"] is { } selector ? LabelSelector.FromJson(selector) : null,
        DenyWhenNotFound: paramRef.StringAt("parameterNotFoundAction") != "Allow");
}
