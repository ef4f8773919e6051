using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>apps/v1 StatefulSet: pod management and update strategy, claim templates, and what an update may change.</summary>
internal static class StatefulSetValidation
{

    public static void Validate(JsonObject obj, ErrorList errors)
    {
        var spec = errors.Object(obj, "spec", "");
        const string path = "spec";
        var management = errors.String(spec, "podManagementPolicy", path);
        if (management is not null and not ("OrderedReady" or "Parallel"))
            errors.Add(FieldError.Invalid(path.Child("podManagementPolicy"), management, "must be 'OrderedReady' or 'Parallel'"));
        var strategy = errors.Object(spec, "updateStrategy", path);
        var strategyPath = path.Child("updateStrategy");
        switch (errors.String(strategy, "type", strategyPath))
        {
            case null or "RollingUpdate":
                if (errors.Object(strategy, "rollingUpdate", strategyPath) is { } rolling)
                {
                    var rollingPath = strategyPath.Child("rollingUpdate");
                    errors.NonNegativeField(rolling, "partition", rollingPath);
                    var maxUnavailable = errors.IntOrPercent(rolling, "maxUnavailable", rollingPath);
                    if (maxUnavailable is { RawValue: 0 }) errors.Add(FieldError.Invalid(rollingPath.Child("maxUnavailable"), maxUnavailable.Value.ToString(), "must be greater than 0"));
                    errors.NotMoreThan100Percent(maxUnavailable, rollingPath.Child("maxUnavailable"));
                }
                break;
            case "OnDelete":
                if (strategy?["rollingUpdate"] is not null)
                    errors.Add(FieldError.Invalid(strategyPath.Child("rollingUpdate"), Checks.Copy(strategy["rollingUpdate"]), "only allowed for updateStrategy 'RollingUpdate'"));
                break;
            default:
                errors.Add(FieldError.Invalid(strategyPath, Checks.Copy(strategy), "must be 'RollingUpdate' or 'OnDelete'"));
                break;
        }
        errors.NonNegativeField(spec, "replicas", path);
        errors.NonNegativeField(spec, "minReadySeconds", path);
        errors.NonNegativeField(spec, "revisionHistoryLimit", path);
        var serviceName = errors.String(spec, "serviceName", path) ?? "";
        if (serviceName.Length > 0) errors.Name(NameFormats.IsDns1123Label(serviceName), path.Child("serviceName"), serviceName);
        var selector = WorkloadValidation.ValidateSelector(spec, path, "statefulset", errors);
        if (selector is not null) WorkloadValidation.ValidateTemplateForReplicas(WithClaimVolumes(spec), path, selector, "StatefulSet", errors);
        foreach (var (claim, claimPath) in errors.Objects(spec, "volumeClaimTemplates", path))
        {
            var name = JsonValues.String(claim.At("metadata", "name")) ?? "";
            if (name.Length == 0) errors.Add(FieldError.Required(claimPath.Child("metadata", "name")));
            StorageValidation.ValidateClaimSpec(errors.Object(claim, "spec", claimPath), claimPath.Child("spec"), errors);
        }
    }


    /// <summary>
    /// The template as each pod gets it: every volumeClaimTemplate is a volume of that name, so
    /// containers may mount claims the template itself does not list (the usual StatefulSet).
    /// </summary>
    private static JsonObject? WithClaimVolumes(JsonObject? spec)
    {
        if (spec?["volumeClaimTemplates"] is not JsonArray { Count: > 0 } claims || spec.At("template", "spec") is not JsonObject) return spec;
        var copy = (JsonObject)spec.DeepClone();
        var podSpec = (JsonObject)copy.At("template", "spec")!;
        if (podSpec["volumes"] is not JsonArray volumes) podSpec["volumes"] = volumes = [];
        var present = volumes.Select(v => JsonValues.String(v?["name"])).ToHashSet();
        foreach (var claim in claims)
        {
            var name = JsonValues.String(claim.At("metadata", "name"));
            if (string.IsNullOrEmpty(name) || !present.Add(name)) continue;
            // As a JsonNode, for the plain Add(JsonNode?): Add<JsonObject> is the generic overload, marked as needing reflection.
            volumes.Add((JsonNode)new JsonObject { ["name"] = name, ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = name } });
        }
        return copy;
    }

    /// <summary>A StatefulSet may change only replicas, ordinals, template, updateStrategy, persistentVolumeClaimRetentionPolicy and minReadySeconds.</summary>
    public static void ValidateUpdate(JsonObject newObj, JsonObject oldObj, ErrorList errors)
    {
        var now = (newObj["spec"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        var before = (oldObj["spec"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        foreach (var field in (string[])["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"])
        {
            now.Remove(field);
            before.Remove(field);
        }
        if (!JsonNode.DeepEquals(now, before))
            errors.Add(FieldError.Forbidden("spec", "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
    }
}
