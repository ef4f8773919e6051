using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Quantities;

namespace Obs.Api.Validation;

/// <summary>
/// core/v1 LimitRange, as Kubernetes' ValidateLimitRange checks it: one item per type, no defaults for
/// type Pod, a storage bound for type PersistentVolumeClaim, and for each resource
/// min ≤ defaultRequest ≤ default ≤ max and a limit/request ratio of at least 1 that min and max allow.
/// </summary>
internal static class LimitRangeValidation
{
    private static readonly string[] StandardTypes = ["Pod", "Container", "PersistentVolumeClaim"];
    private static readonly string[] Bounds = ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"];

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (item, path) in errors.Objects(spec, "limits", "spec"))
        {
            var type = errors.String(item, "type", path) ?? "";
            var typePath = path.Child("type");
            var typeMessages = NameFormats.IsQualifiedName(type);
            errors.Name(typeMessages, typePath, type);
            if (typeMessages.Count == 0 && !type.Contains('/') && !StandardTypes.Contains(type))
                errors.Add(FieldError.Invalid(typePath, type, "must be a standard limit type or fully qualified"));
            if (!seen.Add(type)) errors.Add(FieldError.Duplicate(typePath, type));

            var bounds = Bounds.ToDictionary(b => b, b => ReadQuantities(item, b, path, errors));
            if (type == "Pod")
            {
                foreach (var field in new[] { "default", "defaultRequest" })
                {
                    if (bounds[field].Count > 0) errors.Add(FieldError.Forbidden(path.Child(field), "may not be specified when `type` is 'Pod'"));
                }
            }
            if (type == "PersistentVolumeClaim" && !bounds["min"].ContainsKey("storage") && !bounds["max"].ContainsKey("storage"))
                errors.Add(FieldError.Required(path.Child("limits"), "either minimum or maximum storage value is required, but neither was provided"));
            foreach (var name in bounds.Values.SelectMany(b => b.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                CheckOrder(name, bounds, path, errors);
        }
    }

    private static void CheckOrder(string name, Dictionary<string, Dictionary<string, Quantity>> bounds, string path, ErrorList errors)
    {
        Quantity? Of(string bound) => bounds[bound].TryGetValue(name, out var q) ? q : null;
        var (min, max, @default, request, ratio) = (Of("min"), Of("max"), Of("default"), Of("defaultRequest"), Of("maxLimitRequestRatio"));
        if (min > max) errors.Add(FieldError.Invalid(path.Child("min").Key(name), min.ToString(), $"min value {min} is greater than max value {max}"));
        if (min > request) errors.Add(FieldError.Invalid(path.Child("defaultRequest").Key(name), request.ToString(), $"min value {min} is greater than default request value {request}"));
        if (request > max) errors.Add(FieldError.Invalid(path.Child("defaultRequest").Key(name), request.ToString(), $"default request value {request} is greater than max value {max}"));
        if (request > @default) errors.Add(FieldError.Invalid(path.Child("defaultRequest").Key(name), request.ToString(), $"default request value {request} is greater than default limit value {@default}"));
        if (min > @default) errors.Add(FieldError.Invalid(path.Child("default").Key(name), min.ToString(), $"min value {min} is greater than default value {@default}"));
        if (@default > max) errors.Add(FieldError.Invalid(path.Child("default").Key(name), max.ToString(), $"default value {@default} is greater than max value {max}"));
        if (ratio is not { } r) return;
        if (r < Quantity.FromInt(1)) errors.Add(FieldError.Invalid(path.Child("maxLimitRequestRatio").Key(name), r.ToString(), $"ratio {r} is less than 1"));
        if (min is { IsZero: false } low && max is { } high)
        {
            var allowed = high.ToDouble() / low.ToDouble();
            if (r.ToDouble() > allowed)
                errors.Add(FieldError.Invalid(path.Child("maxLimitRequestRatio").Key(name), r.ToString(),
                    $"ratio {r} is greater than max/min = {allowed.ToString("F6", CultureInfo.InvariantCulture)}"));
        }
    }

    private static Dictionary<string, Quantity> ReadQuantities(JsonObject item, string field, string path, ErrorList errors)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var (name, node) in errors.Object(item, field, path) ?? [])
        {
            var entryPath = path.Child(field).Key(name);
            errors.Name(NameFormats.IsQualifiedName(name), entryPath, name);
            if (errors.Quantity(node, entryPath) is not { } quantity) continue;
            if (quantity.Sign < 0) errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), Checks.NonNegative));
            else result[name] = quantity;
        }
        return result;
    }
}
