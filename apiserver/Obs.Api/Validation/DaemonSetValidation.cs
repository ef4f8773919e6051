using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>apps/v1 DaemonSet: selector against template labels and the rolling-update budgets.</summary>
internal static class DaemonSetValidation
{

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var selector = WorkloadValidation.ValidateSelector(spec, path, "daemonset", errors);
        if (selector is not null)
        {
            var labels = spec.At("template", "metadata", "labels");
            if (!selector.Matches(WorkloadValidation.LabelsOf(labels)))
                errors.Add(FieldError.Invalid(path.Child("template", "metadata", "labels"), Checks.Copy(labels), WorkloadValidation.SelectorMismatch));
        }
        PodValidation.ValidateTemplate(spec, "template", path, errors);
        WorkloadValidation.ValidateTemplateRestartPolicy(spec, path, "DaemonSet", errors);
        errors.NonNegativeField(spec, "minReadySeconds", path);
        errors.NonNegativeField(spec, "templateGeneration", path);
        errors.NonNegativeField(spec, "revisionHistoryLimit", path);
        var strategy = errors.Object(spec, "updateStrategy", path);
        var strategyPath = path.Child("updateStrategy");
        switch (errors.String(strategy, "type", strategyPath))
        {
            case null or "OnDelete":
                break;
            case "RollingUpdate":
                var rolling = errors.Object(strategy, "rollingUpdate", strategyPath);
                if (rolling is null) break;
                var rollingPath = strategyPath.Child("rollingUpdate");
                var maxUnavailable = errors.IntOrPercent(rolling, "maxUnavailable", rollingPath);
                var maxSurge = errors.IntOrPercent(rolling, "maxSurge", rollingPath);
                errors.NotMoreThan100Percent(maxUnavailable, rollingPath.Child("maxUnavailable"));
                errors.NotMoreThan100Percent(maxSurge, rollingPath.Child("maxSurge"));
                var hasUnavailable = (maxUnavailable?.RawValue ?? 0) != 0;
                var hasSurge = (maxSurge?.RawValue ?? 0) != 0;
                if (hasUnavailable && hasSurge)
                    errors.Add(FieldError.Invalid(rollingPath.Child("maxSurge"), maxSurge!.Value.ToString(), "may not be set when maxUnavailable is non-zero"));
                else if (!hasUnavailable && !hasSurge)
                    errors.Add(FieldError.Required(rollingPath.Child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
                break;
            case var other:
                errors.Add(FieldError.NotSupported(strategyPath, other, ["RollingUpdate", "OnDelete"]));
                break;
        }
    }
}
