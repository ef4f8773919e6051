using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Api.Validation;

/// <summary>apps/v1 Deployment and ReplicaSet, and the selector and pod-template rules all apps/v1 workloads share.</summary>
internal static class WorkloadValidation
{
    public const string SelectorMismatch = "`selector` does not match template `labels`";

    public static void ValidateDeployment(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        errors.NonNegativeField(spec, "replicas", path);
        var selector = ValidateSelector(spec, path, "deployment", errors);
        if (selector is not null) ValidateTemplateForReplicas(spec, path, selector, "ReplicaSet", errors);
        ValidateDeploymentStrategy(errors.Object(spec, "strategy", path), path.Child("strategy"), errors);
        errors.NonNegativeField(spec, "minReadySeconds", path);
        errors.NonNegativeField(spec, "revisionHistoryLimit", path);
        var progress = errors.Long(spec, "progressDeadlineSeconds", path);
        if (progress is { } p)
        {
            if (p < 0) errors.Add(FieldError.Invalid(path.Child("progressDeadlineSeconds"), p, Checks.NonNegative));
            if (p <= (JsonValues.TryLong(spec?["minReadySeconds"], out var min) ? min : 0))
                errors.Add(FieldError.Invalid(path.Child("progressDeadlineSeconds"), p, "must be greater than minReadySeconds"));
        }
    }

    public static void ValidateReplicaSet(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        errors.NonNegativeField(spec, "replicas", path);
        errors.NonNegativeField(spec, "minReadySeconds", path);
        // Kubernetes' ReplicaSet check says "deployment" too.
        var selector = ValidateSelector(spec, path, "deployment", errors);
        if (selector is not null) ValidateTemplateForReplicas(spec, path, selector, "ReplicaSet", errors);
    }

    /// <summary>
    /// core/v1 ReplicationController: a ReplicaSet whose selector is a non-empty label map. Unlike apps/v1
    /// selectors it may change after creation.
    /// </summary>
    public static void ValidateReplicationController(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        errors.NonNegativeField(spec, "replicas", path);
        errors.NonNegativeField(spec, "minReadySeconds", path);
        var selectorPath = path.Child("selector");
        var selector = LabelSelector.Everything;
        if (spec?["selector"] is JsonObject { Count: > 0 } map)
        {
            var before = errors.Count;
            MetadataValidation.ValidateLabelMap(map, selectorPath, errors);
            if (errors.Count == before) selector = LabelSelector.FromSet(LabelsOf(map));
        }
        else if (spec?["selector"] is null or JsonObject) errors.Add(FieldError.Required(selectorPath));
        else errors.Add(FieldError.Invalid(selectorPath, Checks.Copy(spec["selector"]), "must be a map of label keys to values"));
        // An unusable selector is reported above; the template is then checked without it.
        ValidateTemplateForReplicas(spec, path, selector, "ReplicationController", errors);
    }

    /// <summary>apps/v1 selectors never change after creation.</summary>
    public static void ValidateSelectorUnchanged(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        var now = newObj.At("spec", "selector");
        var before = oldObj.At("spec", "selector");
        if (!JsonNode.DeepEquals(now, before))
            errors.Add(FieldError.Invalid("spec.selector", Checks.Copy(now), MetadataValidation.ImmutableMessage));
    }


    /// <summary>
    /// Required, valid and non-empty; returns the selector when it can be used to check the template.
    /// </summary>
    public static LabelSelector? ValidateSelector(JsonObject? spec, string path, string kind, ErrorList errors)
    {
        var selectorPath = path.Child("selector");
        var node = spec?["selector"];
        if (node is null)
        {
            errors.Add(FieldError.Required(selectorPath));
            return null;
        }
        var found = LabelSelector.ValidateJson(node, selectorPath);
        errors.AddRange(found);
        if (node is JsonObject obj && (obj["matchLabels"] as JsonObject)?.Count is null or 0 && (obj["matchExpressions"] as JsonArray)?.Count is null or 0)
        {
            errors.Add(FieldError.Invalid(selectorPath, Checks.Copy(node), $"empty selector is invalid for {kind}"));
            return null;
        }
        if (found.Count > 0)
        {
            errors.Add(FieldError.Invalid(selectorPath, Checks.Copy(node), "invalid label selector"));
            return null;
        }
        return LabelSelector.FromJson(node);
    }

    public static void ValidateTemplateForReplicas(JsonObject? spec, string path, LabelSelector selector, string kind, ErrorList errors)
    {
        var templatePath = path.Child("template");
        if (spec?["template"] is JsonObject template && !selector.IsEmpty)
        {
            var labels = template.At("metadata", "labels");
            if (!selector.Matches(LabelsOf(labels)))
                errors.Add(FieldError.Invalid(templatePath.Child("metadata", "labels"), Checks.Copy(labels), SelectorMismatch));
        }
        PodValidation.ValidateTemplate(spec, "template", path, errors);
        ValidateTemplateRestartPolicy(spec, path, kind, errors);
    }

    public static void ValidateTemplateRestartPolicy(JsonObject? spec, string path, string kind, ErrorList errors)
    {
        var podSpec = spec.At("template", "spec") as JsonObject;
        if (podSpec is null) return;
        var restart = JsonValues.String(podSpec["restartPolicy"]);
        if (restart is not null && restart != "Always")
            errors.Add(FieldError.NotSupported(path.Child("template", "spec", "restartPolicy"), restart, ["Always"]));
        if (podSpec["activeDeadlineSeconds"] is not null)
            errors.Add(FieldError.Forbidden(path.Child("template", "spec", "activeDeadlineSeconds"), $"activeDeadlineSeconds in {kind} is not Supported"));
    }

    private static void ValidateDeploymentStrategy(JsonObject? strategy, string path, ErrorList errors)
    {
        if (strategy is null) return;
        switch (errors.String(strategy, "type", path))
        {
            case "Recreate":
                if (strategy["rollingUpdate"] is not null)
                    errors.Add(FieldError.Forbidden(path.Child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"));
                break;
            case null or "RollingUpdate":
                var rolling = errors.Object(strategy, "rollingUpdate", path);
                if (rolling is null) break;
                var rollingPath = path.Child("rollingUpdate");
                var maxUnavailable = errors.IntOrPercent(rolling, "maxUnavailable", rollingPath);
                var maxSurge = errors.IntOrPercent(rolling, "maxSurge", rollingPath);
                if (maxUnavailable is { RawValue: 0 } u && maxSurge is { RawValue: 0 })
                    errors.Add(FieldError.Invalid(rollingPath.Child("maxUnavailable"), u.IsInt ? u.IntValue : u.StringValue, "may not be 0 when `maxSurge` is 0"));
                errors.NotMoreThan100Percent(maxUnavailable, rollingPath.Child("maxUnavailable"));
                break;
            case var other:
                errors.Add(FieldError.NotSupported(path.Child("type"), other, ["Recreate", "RollingUpdate"]));
                break;
        }
    }

    public static IEnumerable<KeyValuePair<string, string>> LabelsOf(JsonNode? labels) =>
        labels is JsonObject map
            ? map.Where(kv => JsonValues.String(kv.Value) is not null).Select(kv => new KeyValuePair<string, string>(kv.Key, JsonValues.String(kv.Value)!))
            : [];
}
