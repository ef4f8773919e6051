using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>
/// A policy's <c>matchConstraints</c> or a binding's <c>matchResources</c>, as kube-apiserver's validateMatchResources
/// checks them: selectors, matchPolicy, and rules (named rules with operations; resourceRules required of a policy).
/// </summary>
internal static class MatchResourcesValidation
{
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];

    public static void Validate(JsonObject match, string path, bool resourceRulesRequired, ErrorList errors)
    {
        foreach (var selector in new[] { "namespaceSelector", "objectSelector" })
        {
            if (match[selector] is { } node) errors.AddRange(LabelSelector.ValidateJson(node, path.Child(selector)));
        }
        if (errors.String(match, "matchPolicy", path) is null) errors.Add(FieldError.Required(path.Child("matchPolicy")));
        else errors.OneOf(match, "matchPolicy", path, MatchPolicies);
        var rules = errors.Objects(match, "resourceRules", path);
        if (resourceRulesRequired && rules.Count == 0) errors.Add(FieldError.Required(path.Child("resourceRules")));
        foreach (var (rule, rulePath) in rules) ValidateNamedRule(rule, rulePath, errors);
        foreach (var (rule, rulePath) in errors.Objects(match, "excludeResourceRules", path)) ValidateNamedRule(rule, rulePath, errors);
    }

    /// <summary>The rule with operations, and its resourceNames: each a DNS subdomain, none twice.</summary>
    private static void ValidateNamedRule(JsonObject rule, string path, ErrorList errors)
    {
        WebhookRuleValidation.Validate(rule, path, errors);
        var names = errors.Strings(rule, "resourceNames", path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            foreach (var message in NameFormats.IsDns1123Subdomain(names[i])) errors.Add(FieldError.Invalid(path.Child("resourceNames").Index(i), names[i], message));
            if (!seen.Add(names[i])) errors.Add(FieldError.Duplicate(path.Child("resourceNames").Index(i), names[i]));
        }
    }
}
