using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Admission;
using Obs.Api.CustomResources;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy, checked as kube-apiserver's
/// ValidateValidatingAdmissionPolicy: paramKind, matchConstraints (required, with resourceRules), at least one
/// validation or audit annotation, every expression compiling (the error names its field, such as
/// <c>spec.validations[0].expression</c>), messages on one line, known reasons and failure policy, variables named
/// as CEL identifiers once each.
/// </summary>
internal static partial class AdmissionPolicyValidation
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] Reasons = ["Unauthorized", "Forbidden", "Invalid", "RequestEntityTooLarge"];

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex CelIdentifier();

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        const string Path = "spec";
        if (RequiredSpec(obj, errors) is not { } spec) return;
        ValidateParamKind(errors.Object(spec, "paramKind", Path), Path.Child("paramKind"), errors);
        if (errors.Object(spec, "matchConstraints", Path) is { } constraints)
            MatchResourcesValidation.Validate(constraints, Path.Child("matchConstraints"), resourceRulesRequired: true, errors);
        else errors.Add(FieldError.Required(Path.Child("matchConstraints")));
        if (errors.String(spec, "failurePolicy", Path) is null) errors.Add(FieldError.Required(Path.Child("failurePolicy")));
        else errors.OneOf(spec, "failurePolicy", Path, FailurePolicies);

        var declarations = PolicyExpressions.Declarations(ValidateVariables(spec, Path, errors));
        foreach (var (variable, variablePath) in errors.Objects(spec, "variables", Path))
            MatchConditionValidation.Expression(variable, "expression", variablePath, declarations, mustBeBool: false, errors);
        MatchConditionValidation.Validate(spec, Path, declarations, errors);
        var validations = errors.Objects(spec, "validations", Path);
        var annotations = errors.Objects(spec, "auditAnnotations", Path);
        if (validations.Count == 0 && annotations.Count == 0)
            errors.Add(FieldError.Required(Path.Child("validations"), "validations or auditAnnotations must contain at least one item"));
        foreach (var (validation, validationPath) in validations) ValidateValidation(validation, validationPath, declarations, errors);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (annotation, annotationPath) in annotations)
            ValidateAuditAnnotation(annotation, annotationPath, ObjectMeta.Name(obj) ?? "", keys, declarations, errors);
    }

    /// <summary>The spec of a policy or binding; a missing one is reported.</summary>
    public static JsonObject? RequiredSpec(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        if (spec is null) errors.Add(FieldError.Required("spec"));
        return spec;
    }

    private static void ValidateParamKind(JsonObject? kind, string path, ErrorList errors)
    {
        if (kind is null) return;
        var apiVersion = errors.String(kind, "apiVersion", path);
        if (string.IsNullOrEmpty(apiVersion)) errors.Add(FieldError.Required(path.Child("apiVersion")));
        else if (apiVersion.Split('/') is { Length: > 2 } || apiVersion.StartsWith('/') || apiVersion.EndsWith('/'))
            errors.Add(FieldError.Invalid(path.Child("apiVersion"), apiVersion, $"unexpected GroupVersion string: {apiVersion}"));
        if (string.IsNullOrEmpty(errors.String(kind, "kind", path))) errors.Add(FieldError.Required(path.Child("kind")));
    }

    /// <summary>Each variable's name: required, a CEL identifier, once. Returns the names, for the expressions that read them.</summary>
    private static List<string> ValidateVariables(JsonObject spec, string path, ErrorList errors)
    {
        var names = new List<string>();
        foreach (var (variable, variablePath) in errors.Objects(spec, "variables", path))
        {
            var name = errors.String(variable, "name", variablePath) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(variablePath.Child("name")));
            else if (!CelIdentifier().IsMatch(name)) errors.Add(FieldError.Invalid(variablePath.Child("name"), name, "name is not a valid CEL identifier"));
            else if (names.Contains(name)) errors.Add(FieldError.Duplicate(variablePath.Child("name"), name));
            else names.Add(name);
        }
        return names;
    }

    private static void ValidateValidation(JsonObject validation, string path, IReadOnlyDictionary<string, StructuralSchema?> declarations, ErrorList errors)
    {
        MatchConditionValidation.Expression(validation, "expression", path, declarations, mustBeBool: true, errors);
        if (errors.String(validation, "message", path) is { Length: > 0 } message)
        {
            if (message.Trim().Length == 0) errors.Add(FieldError.Invalid(path.Child("message"), message, "message must be non-empty if specified"));
            else if (message.Contains('\n')) errors.Add(FieldError.Invalid(path.Child("message"), message, "message must not contain line breaks"));
        }
        if (errors.String(validation, "messageExpression", path) is { Length: > 0 } messageExpression)
        {
            if (messageExpression.Trim().Length == 0) errors.Add(FieldError.Required(path.Child("messageExpression"), "must be non-empty if specified"));
            else MatchConditionValidation.Expression(validation, "messageExpression", path, declarations, mustBeBool: false, errors);
        }
        if (errors.String(validation, "reason", path) is { } reason && !Reasons.Contains(reason))
            errors.Add(FieldError.NotSupported(path.Child("reason"), reason, Reasons));
    }

    /// <summary>The key, with the policy's name before it, must be a qualified name; each key once; the value an expression.</summary>
    private static void ValidateAuditAnnotation(JsonObject annotation, string path, string policy, HashSet<string> keys, IReadOnlyDictionary<string, StructuralSchema?> declarations, ErrorList errors)
    {
        var key = errors.String(annotation, "key", path) ?? "";
        if (key.Length == 0) errors.Add(FieldError.Required(path.Child("key")));
        else
        {
            foreach (var message in NameFormats.IsQualifiedName($"{policy}/{key}")) errors.Add(FieldError.Invalid(path.Child("key"), key, message));
            if (!keys.Add(key)) errors.Add(FieldError.Duplicate(path.Child("key"), key));
        }
        MatchConditionValidation.Expression(annotation, "valueExpression", path, declarations, mustBeBool: false, errors);
    }
}
