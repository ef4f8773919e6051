using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>batch/v1 Job and CronJob.</summary>
internal static class BatchValidation
{
    public static void ValidateJob(JsonObject obj, ErrorList errors) =>
        ValidateJobSpec(errors.Object(obj, "spec", ""), "spec", errors, inTemplate: false);

    public static void ValidateJobSpec(JsonObject? spec, string path, ErrorList errors, bool inTemplate)
    {
        foreach (var field in (string[])["parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"])
            errors.NonNegativeField(spec, field, path);
        errors.OneOf(spec, "completionMode", path, "NonIndexed", "Indexed");
        if (JsonValues.String(spec?["completionMode"]) == "Indexed" && spec?["completions"] is null)
            errors.Add(FieldError.Required(path.Child("completions"), "when completion mode is Indexed"));
        var manual = errors.Bool(spec, "manualSelector", path);
        var selectorNode = spec?["selector"];
        if (inTemplate)
        {
            if (selectorNode is not null) errors.Add(FieldError.Invalid(path.Child("selector"), Checks.Copy(selectorNode), "`selector` will be auto-generated"));
            if (manual == true) errors.Add(FieldError.NotSupported(path.Child("manualSelector"), true, ["nil", "false"]));
        }
        else if (selectorNode is null)
        {
            // Without manualSelector the apiserver generates the selector; with it the user must give one.
            if (manual == true) errors.Add(FieldError.Required(path.Child("selector")));
        }
        else
        {
            var found = LabelSelector.ValidateJson(selectorNode, path.Child("selector"));
            errors.AddRange(found);
            var selector = LabelSelector.FromJson(selectorNode);
            var labels = spec.At("template", "metadata", "labels");
            if (found.Count == 0 && !selector.IsEmpty && !selector.Matches(WorkloadValidation.LabelsOf(labels)))
                errors.Add(FieldError.Invalid(path.Child("template", "metadata", "labels"), Checks.Copy(labels), WorkloadValidation.SelectorMismatch));
        }
        PodValidation.ValidateTemplate(spec, "template", path, errors);
        if (spec.At("template", "spec") is JsonObject podSpec)
        {
            var restart = JsonValues.String(podSpec["restartPolicy"]) ?? "";
            if (restart is not ("OnFailure" or "Never"))
                errors.Add(FieldError.NotSupported(path.Child("template", "spec", "restartPolicy"), restart, ["OnFailure", "Never"]));
        }
    }

    /// <summary>A Job's pod template, selector and completion mode are fixed once created.</summary>
    public static void ValidateJobUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        var now = newObj["spec"] as JsonObject;
        var before = oldObj["spec"] as JsonObject;
        foreach (var field in (string[])["template", "selector", "completionMode", "podFailurePolicy", "backoffLimitPerIndex"])
        {
            if (!JsonNode.DeepEquals(now?[field], before?[field]))
                errors.Add(FieldError.Invalid("spec".Child(field), Checks.Copy(now?[field]), MetadataValidation.ImmutableMessage));
        }
        // Indexed jobs may scale completions together with parallelism; non-indexed ones may not.
        if (JsonValues.String(now?["completionMode"]) != "Indexed" && !JsonNode.DeepEquals(now?["completions"], before?["completions"]))
            errors.Add(FieldError.Invalid("spec.completions", Checks.Copy(now?["completions"]), MetadataValidation.ImmutableMessage));
    }

    public static void ValidateCronJob(JsonObject obj, ErrorList errors)
    {
        var name = JsonValues.String(obj.At("metadata", "name")) ?? "";
        // The Job names it creates append an 11-character suffix and must stay DNS-1035 labels.
        if (name.Length > NameFormats.Dns1035LabelMaxLength - 11)
            errors.Add(FieldError.Invalid("metadata.name", name, "must be no more than 52 characters"));
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var schedule = errors.String(spec, "schedule", path) ?? "";
        if (schedule.Length == 0) errors.Add(FieldError.Required(path.Child("schedule")));
        else
        {
            if (CronSchedule.Validate(schedule) is { } error) errors.Add(FieldError.Invalid(path.Child("schedule"), schedule, error));
            if (schedule.Contains("TZ", StringComparison.Ordinal))
                errors.Add(FieldError.Invalid(path.Child("schedule"), schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead"));
        }
        if (errors.String(spec, "timeZone", path) is { } zone)
        {
            if (zone.Length == 0) errors.Add(FieldError.Invalid(path.Child("timeZone"), zone, "timeZone must be nil or non-empty string"));
            else if (zone.Equals("Local", StringComparison.OrdinalIgnoreCase))
                errors.Add(FieldError.Invalid(path.Child("timeZone"), zone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones"));
            else if (!IsKnownTimeZone(zone))
                errors.Add(FieldError.Invalid(path.Child("timeZone"), zone, "unknown time zone " + zone));
        }
        errors.NonNegativeField(spec, "startingDeadlineSeconds", path);
        errors.OneOf(spec, "concurrencyPolicy", path, "Allow", "Forbid", "Replace");
        errors.NonNegativeField(spec, "successfulJobsHistoryLimit", path);
        errors.NonNegativeField(spec, "failedJobsHistoryLimit", path);
        var templatePath = path.Child("jobTemplate");
        var template = errors.Object(spec, "jobTemplate", path);
        if (template is null)
        {
            errors.Add(FieldError.Required(templatePath));
            return;
        }
        var metadata = errors.Object(template, "metadata", templatePath);
        MetadataValidation.ValidateLabelMap(metadata?["labels"], templatePath.Child("metadata", "labels"), errors);
        MetadataValidation.ValidateAnnotations(metadata, "annotations", templatePath.Child("metadata"), errors);
        var jobSpec = errors.Object(template, "spec", templatePath);
        if (jobSpec is null) errors.Add(FieldError.Required(templatePath.Child("spec")));
        else ValidateJobSpec(jobSpec, templatePath.Child("spec"), errors, inTemplate: true);
    }

    // Kubernetes ships its own zone database. Here the system's is used; where the machine has none
    // (only UTC resolves) a well-formed IANA name is accepted rather than rejecting every valid zone.
    private static bool IsKnownTimeZone(string zone)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _)) return true;
        if (TimeZoneInfo.GetSystemTimeZones().Count > 1) return false;
        return System.Text.RegularExpressions.Regex.IsMatch(zone, "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$");
    }
}
