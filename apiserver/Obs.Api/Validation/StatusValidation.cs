using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Resources;

namespace Obs.Api.Validation;

/// <summary>
/// Checks for writes to <c>/status</c>, <c>/scale</c> and <c>/binding</c>, where Kubernetes validates the
/// part being written rather than the whole spec (a controller reporting status must not fail because an
/// old spec would no longer pass today's rules).
/// </summary>
internal static class StatusValidation
{
    private static readonly string[] Counters =
    [
        "replicas", "updatedReplicas", "readyReplicas", "availableReplicas", "unavailableReplicas", "currentReplicas",
        "fullyLabeledReplicas", "terminatingReplicas", "observedGeneration", "collisionCount",
        "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "updatedNumberScheduled",
        "numberAvailable", "numberUnavailable", "active", "succeeded", "failed", "ready", "terminating",
        "currentHealthy", "desiredHealthy", "disruptionsAllowed", "expectedPods", "desiredReplicas",
    ];

    private static readonly string[] PodPhases = ["Pending", "Running", "Succeeded", "Failed", "Unknown"];

    public static void Validate(ResourceType resource, JsonObject obj, ErrorList errors)
    {
        var status = errors.Object(obj, "status", "");
        if (status is null) return;
        const string path = "status";
        foreach (var counter in Counters)
        {
            // A CronJob's status.active is its list of running Jobs, not a count as a Job's is.
            if (counter == "active" && resource == ResourceTypes.CronJob) continue;
            errors.NonNegativeField(status, counter, path);
        }
        if (resource == ResourceTypes.ResourceQuota) ResourceQuotaValidation.ValidateStatus(obj, errors);
        if (resource.Group == "apps")
        {
            var replicas = JsonValues.TryLong(status["replicas"], out var r) ? r : (long?)null;
            var ready = JsonValues.TryLong(status["readyReplicas"], out var rd) ? rd : (long?)null;
            if (replicas is { } total && ready is { } readyCount && readyCount > total)
                errors.Add(FieldError.Invalid(path.Child("readyReplicas"), readyCount, "cannot be greater than status.replicas"));
            if (replicas is { } all && JsonValues.TryLong(status["availableReplicas"], out var available))
            {
                if (available > all) errors.Add(FieldError.Invalid(path.Child("availableReplicas"), available, "cannot be greater than status.replicas"));
                if (ready is { } readyCount2 && available > readyCount2)
                    errors.Add(FieldError.Invalid(path.Child("availableReplicas"), available, "cannot be greater than readyReplicas"));
            }
        }
        if (resource == ResourceTypes.Pod)
        {
            var phase = errors.String(status, "phase", path);
            if (phase is { Length: > 0 } && !PodPhases.Contains(phase)) errors.Add(FieldError.NotSupported(path.Child("phase"), phase, PodPhases));
            foreach (var field in (string[])["podIP", "hostIP"])
            {
                var ip = errors.String(status, field, path) ?? "";
                if (ip.Length > 0) errors.Name(NameFormats.IsValidIp(ip), path.Child(field), ip);
            }
            foreach (var (entry, entryPath) in errors.Objects(status, "podIPs", path))
            {
                var ip = errors.String(entry, "ip", entryPath) ?? "";
                errors.Name(NameFormats.IsValidIp(ip), entryPath.Child("ip"), ip);
            }
        }
        if (resource == ResourceTypes.Namespace) errors.OneOf(status, "phase", path, "Active", "Terminating");
        if (resource == ResourceTypes.Job) BatchValidation.ValidateJobStatus(obj, status, errors);
    }

    /// <summary>A <c>Scale</c> written to <c>/scale</c>: replicas must not be negative.</summary>
    public static void ValidateScale(JsonObject scale, ErrorList errors)
    {
        var spec = errors.Object(scale, "spec", "");
        errors.NonNegativeField(spec, "replicas", "spec");
    }

    /// <summary>A <c>Binding</c> posted to <c>pods/binding</c>: a target node name, kind Node or empty.</summary>
    public static void ValidateBinding(JsonObject binding, ErrorList errors)
    {
        var target = errors.Object(binding, "target", "");
        var kind = errors.String(target, "kind", "target") ?? "";
        if (kind.Length > 0 && kind != "Node") errors.Add(FieldError.NotSupported("target.kind", kind, ["Node", "<empty>"]));
        if ((errors.String(target, "name", "target") ?? "").Length == 0) errors.Add(FieldError.Required("target.name"));
    }
}
