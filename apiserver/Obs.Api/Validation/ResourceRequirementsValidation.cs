using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Quantities;

namespace Obs.Api.Validation;

/// <summary>A container's <c>resources</c>: resource names, quantities, and requests against limits (<c>ValidateResourceRequirements</c>).</summary>
internal static class ResourceRequirementsValidation
{
    private static readonly string[] StandardContainerResources = ["cpu", "memory", "ephemeral-storage"];

    /// <summary>
    /// Resource names and quantities, and requests no greater than limits (equal for extended resources,
    /// which cannot be overcommitted). Errors on the comparison point at <c>requests</c>, as Kubernetes' do.
    /// </summary>
    public static void Validate(JsonObject? resources, string path, ErrorList errors)
    {
        if (resources is null) return;
        var limitsPath = path.Child("limits");
        var requestsPath = path.Child("requests");
        var limits = ReadQuantities(resources, "limits", path, errors);
        var requests = ReadQuantities(resources, "requests", path, errors);
        foreach (var (name, request) in requests)
        {
            if (limits.TryGetValue(name, out var limit))
            {
                if (!IsOvercommitAllowed(name) && request != limit)
                    errors.Add(FieldError.Invalid(requestsPath, request.ToString(), $"must be equal to {name} limit of {limit}"));
                else if (request > limit)
                    errors.Add(FieldError.Invalid(requestsPath, request.ToString(), $"must be less than or equal to {name} limit of {limit}"));
            }
            else if (!IsOvercommitAllowed(name))
            {
                errors.Add(FieldError.Required(limitsPath, "Limit must be set for non overcommitable resources"));
            }
        }
    }

    private static Dictionary<string, Quantity> ReadQuantities(JsonObject resources, string field, string path, ErrorList errors)
    {
        var result = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        var map = errors.Object(resources, field, path);
        if (map is null) return result;
        foreach (var (name, node) in map)
        {
            var entryPath = path.Child(field).Key(name);
            ValidateResourceName(name, entryPath, errors);
            if (errors.Quantity(node, entryPath) is not { } quantity) continue;
            if (quantity.Sign < 0) errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), Checks.NonNegative));
            else if (IsIntegerResource(name) && quantity.MilliValue % 1000 != 0) errors.Add(FieldError.Invalid(entryPath, quantity.ToString(), "must be an integer"));
            result[name] = quantity;
        }
        return result;
    }

    private static void ValidateResourceName(string name, string path, ErrorList errors)
    {
        errors.Name(NameFormats.IsQualifiedName(name), path, name);
        if (!name.Contains('/'))
        {
            if (!StandardContainerResources.Contains(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal))
                errors.Add(FieldError.Invalid(path, name, "must be a standard resource for containers"));
        }
        else if (!IsNative(name) && name.StartsWith("requests.", StringComparison.Ordinal))
        {
            errors.Add(FieldError.Invalid(path, name, "doesn't follow extended resource name standard"));
        }
    }

    private static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    private static bool IsOvercommitAllowed(string name) => IsNative(name) && !name.StartsWith("hugepages-", StringComparison.Ordinal);

    // Extended resources (GPUs and the like) come in whole units.
    private static bool IsIntegerResource(string name) => !IsNative(name);
}
