using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding, checked as kube-apiserver's
/// ValidateValidatingAdmissionPolicyBinding: the policy named, a paramRef with a name or a selector (not both) and a
/// parameterNotFoundAction, matchResources, and validationActions (at least one, known, once each, not Deny with Warn).
/// </summary>
internal static class AdmissionPolicyBindingValidation
{
    private static readonly string[] Actions = ["Audit", "Deny", "Warn"];
    private static readonly string[] NotFoundActions = ["Allow", "Deny"];

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        const string Path = "spec";
        if (AdmissionPolicyValidation.RequiredSpec(obj, errors) is not { } spec) return;
        if (string.IsNullOrEmpty(errors.String(spec, "policyName", Path))) errors.Add(FieldError.Required(Path.Child("policyName")));
        if (errors.Object(spec, "paramRef", Path) is { } paramRef) ValidateParamRef(paramRef, Path.Child("paramRef"), errors);
        if (errors.Object(spec, "matchResources", Path) is { } match)
            MatchResourcesValidation.Validate(match, Path.Child("matchResources"), resourceRulesRequired: false, errors);
        ValidateActions(spec, Path, errors);
    }

    private static void ValidateParamRef(JsonObject paramRef, string path, ErrorList errors)
    {
        var name = errors.String(paramRef, "name", path) ?? "";
        var selector = paramRef["selector"];
        if (name.Length > 0 && selector is not null)
            errors.Add(FieldError.Forbidden(path.Child("name"), "name and selector are mutually exclusive"));
        else if (name.Length == 0 && selector is null)
            errors.Add(FieldError.Required(path, "one of name or selector must be specified"));
        if (name.Length > 0)
        {
            foreach (var message in NameFormats.IsDns1123Subdomain(name)) errors.Add(FieldError.Invalid(path.Child("name"), name, message));
        }
        if (selector is not null) errors.AddRange(LabelSelector.ValidateJson(selector, path.Child("selector")));
        if (errors.String(paramRef, "namespace", path) is { Length: > 0 } ns)
        {
            foreach (var message in NameFormats.IsDns1123Label(ns)) errors.Add(FieldError.Invalid(path.Child("namespace"), ns, message));
        }
        if (errors.String(paramRef, "parameterNotFoundAction", path) is null) errors.Add(FieldError.Required(path.Child("parameterNotFoundAction")));
        else errors.OneOf(paramRef, "parameterNotFoundAction", path, NotFoundActions);
    }

    private static void ValidateActions(JsonObject spec, string path, ErrorList errors)
    {
        var actions = errors.Strings(spec, "validationActions", path);
        var actionsPath = path.Child("validationActions");
        if (actions.Count == 0)
        {
            errors.Add(FieldError.Required(actionsPath, "at least one validation action is required"));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            if (!Actions.Contains(actions[i])) errors.Add(FieldError.NotSupported(actionsPath.Index(i), actions[i], Actions));
            else if (!seen.Add(actions[i])) errors.Add(FieldError.Duplicate(actionsPath.Index(i), actions[i]));
        }
        if (seen.Contains("Deny") && seen.Contains("Warn"))
            errors.Add(FieldError.Invalid(actionsPath, Checks.Copy(spec["validationActions"]), "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"));
    }
}
