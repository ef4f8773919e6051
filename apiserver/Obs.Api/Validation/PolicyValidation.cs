using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>HorizontalPodAutoscaler (autoscaling/v2), PodDisruptionBudget (policy/v1), Lease and ControllerRevision.</summary>
internal static class PolicyValidation
{
    private static readonly string[] MetricTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];
    private static readonly string[] TargetTypes = ["AverageValue", "Utilization", "Value"];

    public static void ValidateHorizontalPodAutoscaler(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var min = errors.Long(spec, "minReplicas", path);
        if (min is < 1) errors.Add(FieldError.Invalid(path.Child("minReplicas"), min.Value, "must be greater than or equal to 1"));
        var max = errors.Long(spec, "maxReplicas", path) ?? 0;
        if (max < 1) errors.Add(FieldError.Invalid(path.Child("maxReplicas"), max, Checks.Positive));
        if (min is { } m && max < m) errors.Add(FieldError.Invalid(path.Child("maxReplicas"), max, "must be greater than or equal to `minReplicas`"));
        var target = errors.Object(spec, "scaleTargetRef", path);
        var targetPath = path.Child("scaleTargetRef");
        foreach (var field in (string[])["kind", "name"])
        {
            var value = errors.String(target, field, targetPath) ?? "";
            if (value.Length == 0) errors.Add(FieldError.Required(targetPath.Child(field)));
            else errors.Name(NameFormats.IsValidPathSegmentName(value), targetPath.Child(field), value);
        }
        foreach (var (metric, metricPath) in errors.Objects(spec, "metrics", path))
        {
            var type = errors.String(metric, "type", metricPath) ?? "";
            if (type.Length == 0)
            {
                errors.Add(FieldError.Required(metricPath.Child("type"), "must specify a metric source type"));
                continue;
            }
            if (!MetricTypes.Contains(type))
            {
                errors.Add(FieldError.NotSupported(metricPath.Child("type"), type, MetricTypes));
                continue;
            }
            var sourceName = char.ToLowerInvariant(type[0]) + type[1..];
            var source = errors.Object(metric, sourceName, metricPath);
            var sourcePath = metricPath.Child(sourceName);
            if (source is null)
            {
                errors.Add(FieldError.Required(sourcePath, $"must populate information for the given metric source (type {type})"));
                continue;
            }
            if (type is "Resource" or "ContainerResource" && (errors.String(source, "name", sourcePath) ?? "").Length == 0)
                errors.Add(FieldError.Required(sourcePath.Child("name"), "resource name must be specified"));
            var metricTarget = errors.Object(source, "target", sourcePath);
            var metricTargetPath = sourcePath.Child("target");
            if (metricTarget is null)
            {
                errors.Add(FieldError.Required(metricTargetPath));
                continue;
            }
            var targetType = errors.String(metricTarget, "type", metricTargetPath) ?? "";
            if (targetType.Length == 0) errors.Add(FieldError.Required(metricTargetPath.Child("type"), "must specify a metric target type"));
            else if (!TargetTypes.Contains(targetType)) errors.Add(FieldError.NotSupported(metricTargetPath.Child("type"), targetType, TargetTypes));
            if (errors.Long(metricTarget, "averageUtilization", metricTargetPath) is <= 0 and var utilization)
                errors.Add(FieldError.Invalid(metricTargetPath.Child("averageUtilization"), utilization, Checks.Positive));
            foreach (var field in (string[])["value", "averageValue"])
            {
                if (errors.Quantity(metricTarget[field], metricTargetPath.Child(field)) is { Sign: <= 0 } q)
                    errors.Add(FieldError.Invalid(metricTargetPath.Child(field), q.ToString(), Checks.Positive));
            }
        }
    }

    public static void ValidatePodDisruptionBudget(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        if (spec?["minAvailable"] is not null && spec["maxUnavailable"] is not null)
            errors.Add(FieldError.Invalid(path, Checks.Copy(spec), "minAvailable and maxUnavailable cannot be both set"));
        foreach (var field in (string[])["minAvailable", "maxUnavailable"])
        {
            var value = errors.IntOrPercent(spec, field, path);
            errors.NotMoreThan100Percent(value, path.Child(field));
        }
        if (spec?["selector"] is { } selector) errors.AddRange(LabelSelector.ValidateJson(selector, path.Child("selector")));
        errors.OneOf(spec, "unhealthyPodEvictionPolicy", path, "IfHealthyBudget", "AlwaysAllow");
    }

    public static void ValidateLease(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        errors.PositiveField(spec, "leaseDurationSeconds", path);
        errors.NonNegativeField(spec, "leaseTransitions", path);
        errors.String(spec, "holderIdentity", path);
        errors.String(spec, "acquireTime", path);
        errors.String(spec, "renewTime", path);
    }

    public static void ValidateControllerRevision(JsonObject obj, ErrorList errors)
    {
        if (obj["data"] is null) errors.Add(FieldError.Required("data", "data is mandatory"));
        errors.NonNegativeField(obj, "revision", "");
    }
}
