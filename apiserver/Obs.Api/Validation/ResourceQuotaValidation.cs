using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Quota;

namespace Obs.Api.Validation;

/// <summary>
/// core/v1 ResourceQuota, as Kubernetes' ValidateResourceQuota checks it: every name in <c>spec.hard</c> a
/// quota resource (a standard name, or a qualified name with a slash), every value a non-negative quantity
/// (whole for object counts); scopes known, able to constrain the resources listed, and not contradicting
/// each other (BestEffort with NotBestEffort, Terminating with NotTerminating); scope selector
/// requirements with the operators and values their scope allows.
/// </summary>
internal static class ResourceQuotaValidation
{
    private const string InvalidResource = "must be a standard resource for quota";
    private static readonly string[] Operators = ["In", "NotIn", "Exists", "DoesNotExist"];
    private static readonly (string, string)[] Conflicting = [("BestEffort", "NotBestEffort"), ("Terminating", "NotTerminating")];

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        var hard = ResourceList(spec, "hard", "spec", errors);
        var scopes = errors.Strings(spec, "scopes", "spec");
        var inEffect = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            if (!QuotaResourceNames.Scopes.Contains(scope)) errors.Add(FieldError.Invalid("spec.scopes", ScopeList(scopes), "unsupported scope"));
            if (hard.Any(n => QuotaResourceNames.IsStandard(n) && !QuotaResourceNames.ScopeAllows(scope, n)))
                errors.Add(FieldError.Invalid("spec.scopes", ScopeList(scopes), "unsupported scope applied to resource"));
            inEffect.Add(scope);
        }
        CheckConflicts(inEffect, "spec.scopes", ScopeList(scopes), errors);

        var selector = errors.Object(spec, "scopeSelector", "spec");
        var selected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (requirement, path) in errors.Objects(selector, "matchExpressions", "spec.scopeSelector"))
        {
            var scope = errors.String(requirement, "scopeName", path) ?? "";
            ValidateRequirement(requirement, scope, path, hard, errors);
            selected.Add(scope);
        }
        CheckConflicts(selected, "spec.scopeSelector", string.Join(", ", selected), errors);
    }

    /// <summary>A write to <c>/status</c>: the names and values of <c>status.hard</c> and <c>status.used</c>.</summary>
    public static void ValidateStatus(JsonObject obj, ErrorList errors)
    {
        var status = obj["status"] as JsonObject;
        ResourceList(status, "hard", "status", errors);
        ResourceList(status, "used", "status", errors);
    }

    private static void ValidateRequirement(JsonObject requirement, string scope, string path, List<string> hard, ErrorList errors)
    {
        var scopePath = path.Child("scopeName");
        if (!QuotaResourceNames.Scopes.Contains(scope)) errors.Add(FieldError.Invalid(scopePath, scope, "unsupported scope"));
        if (hard.Any(n => QuotaResourceNames.IsStandard(n) && !QuotaResourceNames.ScopeAllows(scope, n)))
            errors.Add(FieldError.Invalid(scopePath, scope, "unsupported scope applied to resource"));
        var op = errors.String(requirement, "operator", path) ?? "";
        var values = errors.Strings(requirement, "values", path);
        if (scope is "Terminating" or "NotTerminating" or "BestEffort" or "NotBestEffort" or "CrossNamespacePodAffinity" && op != "Exists")
        {
            errors.Add(FieldError.Invalid(path.Child("operator"), op,
                "must be 'Exist' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"));
        }
        switch (op)
        {
            case "In" or "NotIn" when values.Count == 0:
                errors.Add(FieldError.Required(path.Child("values"), "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector"));
                break;
            case "Exists" or "DoesNotExist" when values.Count > 0:
                errors.Add(FieldError.Invalid(path.Child("values"), string.Join(", ", values), "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector"));
                break;
            case var other when !Operators.Contains(other):
                errors.Add(FieldError.Invalid(path.Child("operator"), other, "not a valid selector operator"));
                break;
        }
    }

    private static void CheckConflicts(HashSet<string> scopes, string path, string value, ErrorList errors)
    {
        foreach (var (a, b) in Conflicting)
        {
            if (scopes.Contains(a) && scopes.Contains(b)) errors.Add(FieldError.Invalid(path, value, "conflicting scopes"));
        }
    }

    private static string ScopeList(List<string> scopes) => "[" + string.Join(", ", scopes) + "]";

    /// <summary>A map of quota resources to quantities (<c>spec.hard</c>, <c>status.used</c>); returns the names.</summary>
    private static List<string> ResourceList(JsonObject? parent, string field, string path, ErrorList errors)
    {
        var names = new List<string>();
        foreach (var (name, node) in errors.Object(parent, field, path) ?? [])
        {
            var entryPath = path.Child(field).Key(name);
            ValidateName(name, entryPath, errors);
            names.Add(name);
            if (errors.Quantity(node, entryPath) is not { } quantity) continue;
            if (quantity.Sign < 0) errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), Checks.NonNegative));
            if (QuotaResourceNames.IsInteger(name) && quantity.Nanos % 1_000_000_000 != 0)
                errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), "must be an integer"));
        }
        return names;
    }

    /// <summary>A qualified name; without a slash (a namespace of names), one of the standard quota resources.</summary>
    private static void ValidateName(string name, string path, ErrorList errors)
    {
        var messages = NameFormats.IsQualifiedName(name);
        errors.Name(messages, path, name);
        if (messages.Count > 0 || name.Contains('/')) return;
        if (!QuotaResourceNames.IsStandardResource(name)) errors.Add(FieldError.Invalid(path, name, "must be a standard resource type or fully qualified"));
        if (!QuotaResourceNames.IsStandard(name)) errors.Add(FieldError.Invalid(path, name, InvalidResource));
    }
}
