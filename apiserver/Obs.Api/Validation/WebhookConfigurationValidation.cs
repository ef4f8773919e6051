using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>
/// admissionregistration.k8s.io/v1 Validating- and MutatingWebhookConfiguration, checked as kube-apiserver's
/// ValidateValidatingWebhookConfiguration: each webhook's name (fully qualified, unique in the configuration),
/// rules, client config, policies, selectors and the v1-required sideEffects and admissionReviewVersions.
/// </summary>
internal static class WebhookConfigurationValidation
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    private static readonly string[] NoSideEffects = ["None", "NoneOnDryRun"];
    private static readonly string[] SideEffectsBefore = ["None", "NoneOnDryRun", "Some", "Unknown"];
    private static readonly string[] ReinvocationPolicies = ["IfNeeded", "Never"];
    private static readonly string[] ReviewVersions = ["v1", "v1beta1"];

    public static void ValidateValidating(JsonObject obj, ErrorList errors) => Validate(obj, null, mutating: false, errors);

    public static void ValidateMutating(JsonObject obj, ErrorList errors) => Validate(obj, null, mutating: true, errors);

    public static void ValidateValidatingUpdate(JsonObject obj, JsonObject old, ErrorList errors) => Validate(obj, old, mutating: false, errors);

    public static void ValidateMutatingUpdate(JsonObject obj, JsonObject old, ErrorList errors) => Validate(obj, old, mutating: true, errors);

    /// <summary>
    /// On update, sideEffects Some or Unknown stay allowed when the stored configuration already had them (v1beta1
    /// allowed them), as Kubernetes' ratcheting does; a new configuration must say None or NoneOnDryRun.
    /// </summary>
    private static void Validate(JsonObject obj, JsonObject? old, bool mutating, ErrorList errors)
    {
        var oldSideEffectsAllowed = old is not null && Webhooks(old).Any(w => w.StringAt("sideEffects") is "Some" or "Unknown");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (webhook, path) in errors.Objects(obj, "webhooks", ""))
        {
            var name = errors.String(webhook, "name", path) ?? "";
            if (FullyQualifiedNameError(name) is { } nameError) errors.Add(nameError(path.Child("name")));
            else if (!names.Add(name)) errors.Add(FieldError.Duplicate(path.Child("name"), name));
            ValidateWebhook(webhook, path, oldSideEffectsAllowed, errors);
            if (mutating) errors.OneOf(webhook, "reinvocationPolicy", path, ReinvocationPolicies);
        }
    }

    private static IEnumerable<JsonObject> Webhooks(JsonObject obj) => (obj["webhooks"] as JsonArray ?? []).OfType<JsonObject>();

    private static void ValidateWebhook(JsonObject webhook, string path, bool oldSideEffectsAllowed, ErrorList errors)
    {
        foreach (var (rule, rulePath) in errors.Objects(webhook, "rules", path)) WebhookRuleValidation.Validate(rule, rulePath, errors);
        errors.OneOf(webhook, "failurePolicy", path, FailurePolicies);
        errors.OneOf(webhook, "matchPolicy", path, MatchPolicies);
        ValidateSideEffects(webhook, path, oldSideEffectsAllowed ? SideEffectsBefore : NoSideEffects, errors);
        if (errors.Long(webhook, "timeoutSeconds", path) is { } timeout and (< 1 or > 30))
            errors.Add(FieldError.Invalid(path.Child("timeoutSeconds"), timeout, "the timeout value must be between 1 and 30 seconds"));
        ValidateReviewVersions(webhook, path, errors);
        foreach (var selector in new[] { "namespaceSelector", "objectSelector" })
        {
            if (webhook[selector] is { } node) errors.AddRange(LabelSelector.ValidateJson(node, path.Child(selector)));
        }
        WebhookClientConfigValidation.Validate(errors.Object(webhook, "clientConfig", path), path.Child("clientConfig"), errors);
        ValidateMatchConditions(webhook, path, errors);
    }

    private static void ValidateMatchConditions(JsonObject webhook, string path, ErrorList errors) =>
        MatchConditionValidation.Validate(webhook, path, Admission.PolicyExpressions.WebhookMatchConditions, errors);

    private static void ValidateSideEffects(JsonObject webhook, string path, string[] allowed, ErrorList errors)
    {
        var value = errors.String(webhook, "sideEffects", path);
        if (string.IsNullOrEmpty(value)) errors.Add(FieldError.Required(path.Child("sideEffects"), $"must specify one of {string.Join(", ", NoSideEffects)}"));
        else if (!allowed.Contains(value)) errors.Add(FieldError.NotSupported(path.Child("sideEffects"), value, allowed));
    }

    /// <summary>Required in v1 and must include a version the apiserver speaks; each a DNS-1035 label, none twice.</summary>
    private static void ValidateReviewVersions(JsonObject webhook, string path, ErrorList errors)
    {
        var versionsPath = path.Child("admissionReviewVersions");
        var versions = errors.Strings(webhook, "admissionReviewVersions", path);
        if (versions.Count == 0)
        {
            errors.Add(FieldError.Required(versionsPath, $"must specify one of {string.Join(", ", ReviewVersions)}"));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < versions.Count; i++)
        {
            if (!seen.Add(versions[i])) errors.Add(FieldError.Invalid(versionsPath.Index(i), versions[i], "duplicate version"));
            foreach (var message in NameFormats.IsDns1035Label(versions[i])) errors.Add(FieldError.Invalid(versionsPath.Index(i), versions[i], message));
        }
        if (!versions.Any(ReviewVersions.Contains))
            errors.Add(FieldError.Invalid(versionsPath, Checks.Copy(webhook["admissionReviewVersions"]), $"must include at least one of {string.Join(", ", ReviewVersions)}"));
    }

    /// <summary>Kubernetes' IsFullyQualifiedName: a DNS subdomain (a trailing dot allowed) of at least three segments.</summary>
    private static Func<string, FieldError>? FullyQualifiedNameError(string name)
    {
        if (name.Length == 0) return p => FieldError.Required(p);
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        var messages = NameFormats.IsDns1123Subdomain(trimmed);
        if (messages.Count > 0) return p => FieldError.Invalid(p, trimmed, string.Join(",", messages));
        if (trimmed.Split('.').Length < 3) return p => FieldError.Invalid(p, trimmed, "should be a domain with at least three segments separated by dots");
        return null;
    }
}
