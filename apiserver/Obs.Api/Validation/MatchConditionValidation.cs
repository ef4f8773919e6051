using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.CustomResources;
using Obs.Api.Errors;

namespace Obs.Api.Validation;

/// <summary>
/// <c>matchConditions</c> of a webhook or an admission policy, as kube-apiserver checks them: at most 64, each named
/// once, with an expression that compiles over what the owner declares (valid Kubernetes CEL this evaluator cannot run
/// is accepted, as Kubernetes would).
/// </summary>
internal static class MatchConditionValidation
{
    private const int MaxMatchConditions = 64;

    public static void Validate(JsonObject owner, string path, IReadOnlyDictionary<string, StructuralSchema?> declarations, ErrorList errors)
    {
        if (owner["matchConditions"] is JsonArray { Count: > MaxMatchConditions } many)
            errors.Add(FieldError.TooMany(path.Child("matchConditions"), many.Count, MaxMatchConditions));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (condition, conditionPath) in errors.Objects(owner, "matchConditions", path))
        {
            var name = errors.String(condition, "name", conditionPath) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(conditionPath.Child("name")));
            else if (!names.Add(name)) errors.Add(FieldError.Duplicate(conditionPath.Child("name"), name));
            Expression(condition, "expression", conditionPath, declarations, mustBeBool: true, errors);
        }
    }

    /// <summary>A required CEL expression field: Required when empty, Invalid (<c>compilation failed: …</c>) when it does not compile.</summary>
    public static void Expression(JsonObject owner, string field, string path, IReadOnlyDictionary<string, StructuralSchema?> declarations, bool mustBeBool, ErrorList errors)
    {
        var expression = errors.String(owner, field, path);
        if (string.IsNullOrEmpty(expression)) errors.Add(FieldError.Required(path.Child(field)));
        else if (PolicyExpressions.Compile(expression, declarations, mustBeBool).Error is { } error) errors.Add(FieldError.Invalid(path.Child(field), expression, error));
    }
}
