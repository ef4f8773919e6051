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
            else if (restart != "Never" && spec?["podFailurePolicy"] is not null)
                errors.Add(FieldError.Invalid(path.Child("template", "spec", "restartPolicy"), restart, "only \"Never\" is supported when podFailurePolicy is specified"));
        }
        if (errors.Object(spec, "podFailurePolicy", path) is { } failurePolicy)
            ValidatePodFailurePolicy(spec!, failurePolicy, path.Child("podFailurePolicy"), errors);
        if (errors.Object(spec, "successPolicy", path) is { } successPolicy)
        {
            if (JsonValues.String(spec?["completionMode"]) != "Indexed")
                errors.Add(FieldError.Invalid(path.Child("successPolicy"), Checks.Copy(successPolicy), "requires indexed completion mode"));
            else ValidateSuccessPolicy(spec!, successPolicy, path.Child("successPolicy"), errors);
        }
    }

    private const int MaxPolicyRules = 20;
    private const int MaxOnPodConditions = 20;
    private const int MaxExitCodes = 255;

    private static void ValidatePodFailurePolicy(JsonObject spec, JsonObject policy, string path, ErrorList errors)
    {
        var rules = errors.Objects(policy, "rules", path);
        if (rules.Count > MaxPolicyRules) errors.Add(FieldError.Invalid(path.Child("rules"), rules.Count, $"must have at most {MaxPolicyRules} items"));
        // An exit code rule may only name a container the pods will have.
        var containers = new[] { "containers", "initContainers" }
            .SelectMany(list => spec.At("template", "spec", list) as JsonArray ?? [])
            .Select(c => JsonValues.String(c?["name"]))
            .OfType<string>()
            .ToHashSet();
        foreach (var (rule, rulePath) in rules)
        {
            var action = errors.String(rule, "action", rulePath);
            string[] actions = ["Count", "FailIndex", "FailJob", "Ignore"];
            if (string.IsNullOrEmpty(action))
                errors.Add(FieldError.Required(rulePath.Child("action"), "valid values: [\"" + string.Join("\" \"", actions) + "\"]"));
            else if (action == "FailIndex" && spec["backoffLimitPerIndex"] is null)
                errors.Add(FieldError.Invalid(rulePath.Child("action"), action, "requires the backoffLimitPerIndex to be set"));
            else if (!actions.Contains(action))
                errors.Add(FieldError.NotSupported(rulePath.Child("action"), action, actions));
            var onExitCodes = errors.Object(rule, "onExitCodes", rulePath);
            var onPodConditions = errors.Objects(rule, "onPodConditions", rulePath);
            if (onExitCodes is not null) ValidateOnExitCodes(onExitCodes, rulePath.Child("onExitCodes"), containers, errors);
            ValidateOnPodConditions(onPodConditions, rulePath.Child("onPodConditions"), errors);
            if (onExitCodes is not null && onPodConditions.Count > 0)
                errors.Add(FieldError.Invalid(rulePath, null, "specifying both OnExitCodes and OnPodConditions is not supported"));
            else if (onExitCodes is null && onPodConditions.Count == 0)
                errors.Add(FieldError.Invalid(rulePath, null, "specifying one of OnExitCodes and OnPodConditions is required"));
        }
    }

    private static void ValidateOnExitCodes(JsonObject requirement, string path, HashSet<string> containers, ErrorList errors)
    {
        var op = errors.String(requirement, "operator", path);
        if (string.IsNullOrEmpty(op)) errors.Add(FieldError.Required(path.Child("operator"), "valid values: [\"In\" \"NotIn\"]"));
        else if (op is not ("In" or "NotIn")) errors.Add(FieldError.NotSupported(path.Child("operator"), op, ["In", "NotIn"]));
        if (errors.String(requirement, "containerName", path) is { } name && !containers.Contains(name))
            errors.Add(FieldError.Invalid(path.Child("containerName"), name, "must be one of the container or initContainer names in the pod template"));
        var valuesPath = path.Child("values");
        var values = errors.Array(requirement, "values", path) ?? [];
        if (values.Count == 0) errors.Add(FieldError.Invalid(valuesPath, Checks.Copy(values), "at least one value is required"));
        else if (values.Count > MaxExitCodes) errors.Add(FieldError.Invalid(valuesPath, values.Count, $"must have at most {MaxExitCodes} items"));
        var seen = new HashSet<long>();
        long? previous = null;
        var ordered = true;
        for (var i = 0; i < values.Count; i++)
        {
            if (!JsonValues.TryLong(values[i], out var code))
            {
                errors.AddType(valuesPath.Index(i), values[i], "integer");
                continue;
            }
            // Exit code 0 is a success, never a failure a rule could match.
            if (op == "In" && code == 0) errors.Add(FieldError.Invalid(valuesPath.Index(i), code, "must not be 0 for the In operator"));
            if (!seen.Add(code)) errors.Add(FieldError.Duplicate(valuesPath.Index(i), code));
            if (previous > code) ordered = false;
            previous = code;
        }
        if (!ordered) errors.Add(FieldError.Invalid(valuesPath, Checks.Copy(values), "must be ordered"));
    }

    private static void ValidateOnPodConditions(List<(JsonObject Item, string Path)> patterns, string path, ErrorList errors)
    {
        if (patterns.Count > MaxOnPodConditions) errors.Add(FieldError.Invalid(path, patterns.Count, $"must have at most {MaxOnPodConditions} items"));
        foreach (var (pattern, patternPath) in patterns)
        {
            var type = errors.String(pattern, "type", patternPath) ?? "";
            errors.Name(NameFormats.IsQualifiedName(type), patternPath.Child("type"), type);
            var status = errors.String(pattern, "status", patternPath);
            if (string.IsNullOrEmpty(status)) errors.Add(FieldError.Required(patternPath.Child("status"), "valid values: [\"False\" \"True\" \"Unknown\"]"));
            else if (status is not ("True" or "False" or "Unknown")) errors.Add(FieldError.NotSupported(patternPath.Child("status"), status, ["False", "True", "Unknown"]));
        }
    }

    private static void ValidateSuccessPolicy(JsonObject spec, JsonObject policy, string path, ErrorList errors)
    {
        var rules = errors.Objects(policy, "rules", path);
        if (rules.Count == 0) errors.Add(FieldError.Required(path.Child("rules"), "at least one rules must be specified when the successPolicy is specified"));
        if (rules.Count > MaxPolicyRules) errors.Add(FieldError.Invalid(path.Child("rules"), rules.Count, $"must have at most {MaxPolicyRules} items"));
        var completions = JsonValues.TryLong(spec["completions"], out var c) ? c : 0;
        foreach (var (rule, rulePath) in rules)
        {
            var indexes = errors.String(rule, "succeededIndexes", rulePath);
            var count = errors.Long(rule, "succeededCount", rulePath);
            if (indexes is null && count is null)
                errors.Add(FieldError.Required(rulePath, "at least one of succeededCount or succeededIndexes must be specified"));
            long total = 0;
            if (indexes is not null)
            {
                var error = IndexesError(indexes, completions, out total);
                if (error is not null) errors.Add(FieldError.Invalid(rulePath.Child("succeededIndexes"), indexes, "error parsing succeededIndexes: " + error));
            }
            if (count is not { } n) continue;
            var countPath = rulePath.Child("succeededCount");
            if (n < 0) errors.Add(FieldError.Invalid(countPath, n, "must be greater than or equal to 0"));
            if (n > completions) errors.Add(FieldError.Invalid(countPath, n, $"must be less than or equal to {completions} (the number of specified completions)"));
            if (indexes is not null && n > total)
                errors.Add(FieldError.Invalid(countPath, n, $"must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"));
        }
    }

    /// <summary>
    /// Why <paramref name="text"/> is not a list of ascending index intervals ("1,3-5,7") below
    /// <paramref name="completions"/>, or null; <paramref name="total"/> is how many indexes it names.
    /// </summary>
    private static string? IndexesError(string text, long completions, out long total)
    {
        total = 0;
        if (text.Length == 0) return null;
        long? last = null;
        foreach (var interval in text.Split(','))
        {
            var bounds = interval.Split('-');
            if (bounds.Length > 2)
                return $"the fragment \"{interval}\" violates the requirement that an index interval can have at most two parts separated by '-'";
            long first = 0;
            for (var i = 0; i < bounds.Length; i++)
            {
                var bound = bounds[i];
                if (!long.TryParse(bound, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    return $"cannot convert string to integer for index: \"{bound}\"";
                if (index >= completions) return $"too large index: \"{bound}\"";
                if (last >= index) return $"non-increasing order, previous: {last}, current: {index}";
                total += i == 0 ? 1 : index - first;
                first = index;
                last = index;
            }
        }
        return null;
    }

    /// <summary>
    /// A Job's status as written to <c>/status</c> (validateJobStatus): each uid of
    /// <c>uncountedTerminatedPods</c> non-empty and in one list once, as a pod is counted once;
    /// <c>completedIndexes</c> only on an Indexed Job, and with <c>failedIndexes</c> (only with
    /// backoffLimitPerIndex) ascending index intervals below completions; no more ready pods than
    /// active. The counters' signs are checked with every workload's (<see cref="StatusValidation"/>).
    /// </summary>
    public static void ValidateJobStatus(JsonObject job, JsonObject status, ErrorList errors)
    {
        const string path = "status";
        var uncountedPath = path.Child("uncountedTerminatedPods");
        var uncounted = errors.Object(status, "uncountedTerminatedPods", path);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var list in (string[])["succeeded", "failed"])
        {
            var uids = errors.Strings(uncounted, list, uncountedPath);
            for (var i = 0; i < uids.Count; i++)
            {
                var at = uncountedPath.Child(list).Index(i);
                if (uids[i].Length == 0) errors.Add(FieldError.Invalid(at, "", "must not be empty"));
                else if (!seen.Add(uids[i])) errors.Add(FieldError.Duplicate(at, uids[i]));
            }
        }

        var spec = job["spec"] as JsonObject;
        var completions = JsonValues.TryLong(spec?["completions"], out var c) ? c : (long?)null;
        var completed = errors.String(status, "completedIndexes", path) ?? "";
        if (JsonValues.String(spec?["completionMode"]) != "Indexed")
        {
            if (completed.Length > 0)
                errors.Add(FieldError.Invalid(path.Child("completedIndexes"), completed, "cannot set non-empty completedIndexes when non-indexed completion mode"));
        }
        else if (completions is { } total && IndexesError(completed, total, out _) is { } error)
        {
            errors.Add(FieldError.Invalid(path.Child("completedIndexes"), completed, "error parsing completedIndexes: " + error));
        }
        if (errors.String(status, "failedIndexes", path) is { } failed)
        {
            if (spec?["backoffLimitPerIndex"] is null)
                errors.Add(FieldError.Invalid(path.Child("failedIndexes"), failed, "cannot set non-null failedIndexes when backoffLimitPerIndex is null"));
            else if (completions is { } total && IndexesError(failed, total, out _) is { } error)
                errors.Add(FieldError.Invalid(path.Child("failedIndexes"), failed, "error parsing failedIndexes: " + error));
        }
        if (JsonValues.TryLong(status["ready"], out var ready) && ready > (JsonValues.TryLong(status["active"], out var active) ? active : 0))
            errors.Add(FieldError.Invalid(path.Child("ready"), ready, "cannot set more ready pods than active"));
    }

    /// <summary>A Job's pod template, selector and completion mode are fixed once created.</summary>
    public static void ValidateJobUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        var now = newObj["spec"] as JsonObject;
        var before = oldObj["spec"] as JsonObject;
        foreach (var field in (string[])["template", "selector", "completionMode", "podFailurePolicy", "successPolicy", "backoffLimitPerIndex"])
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
