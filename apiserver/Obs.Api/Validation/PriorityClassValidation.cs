using System.Text.Json.Nodes;
using Obs.Api.Admission;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>scheduling.k8s.io/v1 PriorityClass: the system prefix and values above a billion are the system classes' alone; value and preemptionPolicy are fixed once made.</summary>
internal static class PriorityClassValidation
{
    private static readonly string[] PreemptionPolicies = [PodPriority.PreemptLowerPriority, "Never"];

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var name = ObjectMeta.Name(obj) ?? "";
        var value = errors.Long(obj, "value", "") ?? 0;
        var globalDefault = errors.Bool(obj, "globalDefault", "") ?? false;
        if (name.StartsWith(SystemPriorityClasses.Prefix, StringComparison.Ordinal))
        {
            if (SystemPriorityClasses.Mismatch(name, value, globalDefault) is { } why)
                errors.Add(FieldError.Forbidden("metadata.name", $"priority class names with '{SystemPriorityClasses.Prefix}' prefix are reserved for system use only. error: {why}"));
        }
        else if (value > SystemPriorityClasses.HighestUserDefinable)
        {
            errors.Add(FieldError.Forbidden("value", $"maximum allowed value of a user defined priority is {SystemPriorityClasses.HighestUserDefinable}"));
        }
        var policy = errors.String(obj, "preemptionPolicy", "");
        if (policy is not null)
        {
            if (policy.Length == 0) errors.Add(FieldError.Required("preemptionPolicy"));
            else if (!PreemptionPolicies.Contains(policy)) errors.Add(FieldError.NotSupported("preemptionPolicy", policy, PreemptionPolicies));
        }
    }

    public static void ValidateUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        if (newObj.LongAt("value") != oldObj.LongAt("value")) errors.Add(FieldError.Forbidden("value", "may not be changed in an update."));
        if (newObj.StringAt("preemptionPolicy") != oldObj.StringAt("preemptionPolicy"))
            errors.Add(FieldError.Invalid("preemptionPolicy", newObj.StringAt("preemptionPolicy"), MetadataValidation.ImmutableMessage));
    }
}
