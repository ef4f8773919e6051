using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>Kubernetes' checks on a pod spec (<c>ValidatePodSpec</c>) and pod templates (<c>ValidatePodTemplateSpec</c>).</summary>
internal static class PodValidation
{
    public static readonly string[] RestartPolicies = ["Always", "OnFailure", "Never"];
    private static readonly string[] DnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];

    public static void ValidatePod(JsonObject pod, ErrorList errors)
    {
        var spec = errors.Object(pod, "spec", "");
        ValidateSpec(spec, "spec", errors, required: true);
        if (spec is not null) SchedulingGateValidation.ValidateGatedPod(spec, "spec", errors);
    }

    /// <summary>A pod template: its labels and annotations (at <c>template.labels</c>, as Kubernetes reports them) and its spec.</summary>
    public static void ValidateTemplate(JsonObject? owner, string name, string parentPath, ErrorList errors)
    {
        var path = parentPath.Child(name);
        var template = errors.Object(owner, name, parentPath);
        if (template is null)
        {
            errors.Add(FieldError.Required(path));
            return;
        }
        var metadata = errors.Object(template, "metadata", path);
        MetadataValidation.ValidateLabelMap(metadata?["labels"], path.Child("labels"), errors);
        MetadataValidation.ValidateAnnotations(metadata, "annotations", path, errors);
        var spec = errors.Object(template, "spec", path);
        ValidateSpec(spec, path.Child("spec"), errors, required: true);
        if (spec?["ephemeralContainers"] is JsonArray { Count: > 0 })
            errors.Add(FieldError.Forbidden(path.Child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
    }

    public static void ValidateSpec(JsonObject? spec, string path, ErrorList errors, bool required)
    {
        if (spec is null)
        {
            if (required) errors.Add(FieldError.Required(path.Child("containers")));
            return;
        }
        var hostNetwork = errors.Bool(spec, "hostNetwork", path) ?? false;
        var volumes = VolumeValidation.Validate(spec, path, errors);

        var containersPath = path.Child("containers");
        var containers = errors.Objects(spec, "containers", path);
        if (containers.Count == 0) errors.Add(FieldError.Required(containersPath));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (container, containerPath) in containers)
        {
            ContainerValidation.Validate(container, containerPath, volumes, hostNetwork, errors);
            var name = JsonValues.String(container["name"]) ?? "";
            if (!names.Add(name)) errors.Add(FieldError.Duplicate(containerPath.Child("name"), name));
            ProbeValidation.ValidateProbe(container, "livenessProbe", containerPath, mustSucceedOnce: true, errors);
            ProbeValidation.ValidateProbe(container, "readinessProbe", containerPath, mustSucceedOnce: false, errors);
            ProbeValidation.ValidateProbe(container, "startupProbe", containerPath, mustSucceedOnce: true, errors);
            ValidateLifecycle(container, containerPath, errors);
            if (container["restartPolicy"] is not null)
                errors.Add(FieldError.Forbidden(containerPath.Child("restartPolicy"), "may not be set for non-init containers"));
        }

        var initNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (container, containerPath) in errors.Objects(spec, "initContainers", path))
        {
            ContainerValidation.Validate(container, containerPath, volumes, hostNetwork, errors);
            var name = JsonValues.String(container["name"]) ?? "";
            if (names.Contains(name) || !initNames.Add(name)) errors.Add(FieldError.Duplicate(containerPath.Child("name"), name));
            var restart = errors.String(container, "restartPolicy", containerPath);
            if (restart is not null && restart != "Always")
                errors.Add(FieldError.NotSupported(containerPath.Child("restartPolicy"), restart, ["Always"]));
            if (restart == "Always")
            {
                ProbeValidation.ValidateProbe(container, "livenessProbe", containerPath, mustSucceedOnce: true, errors);
                ProbeValidation.ValidateProbe(container, "readinessProbe", containerPath, mustSucceedOnce: false, errors);
                ProbeValidation.ValidateProbe(container, "startupProbe", containerPath, mustSucceedOnce: true, errors);
                ValidateLifecycle(container, containerPath, errors);
            }
            else
            {
                foreach (var probe in (string[])["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"])
                {
                    if (container[probe] is not null)
                        errors.Add(FieldError.Forbidden(containerPath.Child(probe), "may not be set for init containers without restartPolicy=Always"));
                }
            }
        }

        // Most pods have none (and the set of names is a copy made for them).
        if (spec.ContainsKey("ephemeralContainers"))
            EphemeralContainerValidation.Validate(spec, path, volumes, hostNetwork, new HashSet<string>(names.Concat(initNames), StringComparer.Ordinal), errors);

        errors.OneOf(spec, "restartPolicy", path, RestartPolicies);
        errors.OneOf(spec, "dnsPolicy", path, DnsPolicies);
        MetadataValidation.ValidateLabels(spec, "nodeSelector", path, errors);
        foreach (var field in (string[])["serviceAccountName", "nodeName"])
        {
            var value = errors.String(spec, field, path) ?? "";
            if (value.Length > 0) errors.Name(NameFormats.IsDns1123Subdomain(value), path.Child(field), value);
        }
        foreach (var field in (string[])["hostname", "subdomain"])
        {
            var value = errors.String(spec, field, path) ?? "";
            if (value.Length > 0) errors.Name(NameFormats.IsDns1123Label(value), path.Child(field), value);
        }
        if (errors.Long(spec, "activeDeadlineSeconds", path) is { } deadline && deadline is < 1 or > int.MaxValue)
            errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), deadline, NameFormats.InclusiveRangeError(1, int.MaxValue)));
        errors.Long(spec, "terminationGracePeriodSeconds", path);
        ValidateTolerations(spec, path, errors);
        AffinityValidation.Validate(spec, path, errors);
        SchedulingGateValidation.ValidateGates(spec, path, errors);
        foreach (var (secret, secretPath) in errors.Objects(spec, "imagePullSecrets", path))
        {
            if ((errors.String(secret, "name", secretPath) ?? "").Length == 0) errors.Add(FieldError.Required(secretPath.Child("name")));
        }
    }

    public static void ValidateTolerations(JsonObject spec, string path, ErrorList errors)
    {
        foreach (var (toleration, tolerationPath) in errors.Objects(spec, "tolerations", path))
        {
            var key = errors.String(toleration, "key", tolerationPath) ?? "";
            var op = errors.String(toleration, "operator", tolerationPath) ?? "";
            var value = errors.String(toleration, "value", tolerationPath) ?? "";
            var effect = errors.String(toleration, "effect", tolerationPath) ?? "";
            if (key.Length > 0) errors.Name(NameFormats.IsQualifiedName(key), tolerationPath.Child("key"), key);
            if (key.Length == 0 && op != "Exists")
                errors.Add(FieldError.Invalid(tolerationPath.Child("operator"), op, "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            if (errors.Long(toleration, "tolerationSeconds", tolerationPath) is not null && effect != WellKnownTaints.NoExecute)
                errors.Add(FieldError.Invalid(tolerationPath.Child("effect"), effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            switch (op)
            {
                case "Equal" or "":
                    var messages = NameFormats.IsValidLabelValue(value);
                    if (messages.Count > 0) errors.Add(FieldError.Invalid(tolerationPath.Child("operator"), value, string.Join(";", messages)));
                    break;
                case "Exists":
                    if (value.Length > 0) errors.Add(FieldError.Invalid(tolerationPath.Child("operator"), Checks.Copy(toleration), "value must be empty when `operator` is 'Exists'"));
                    break;
                default:
                    errors.Add(FieldError.NotSupported(tolerationPath.Child("operator"), op, ["Equal", "Exists"]));
                    break;
            }
            if (effect.Length > 0 && !WellKnownTaints.Effects.Contains(effect))
                errors.Add(FieldError.NotSupported(tolerationPath.Child("effect"), effect, WellKnownTaints.Effects));
        }
    }

    private static void ValidateLifecycle(JsonObject container, string path, ErrorList errors)
    {
        var lifecycle = errors.Object(container, "lifecycle", path);
        if (lifecycle is null) return;
        foreach (var hook in (string[])["postStart", "preStop"])
        {
            if (errors.Object(lifecycle, hook, path.Child("lifecycle")) is { } handler)
                ProbeValidation.ValidateHandler(handler, path.Child("lifecycle", hook), errors, includeSleep: true);
        }
    }
}
