using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// Kubernetes' rules for <c>spec.ephemeralContainers</c> (<c>validateEphemeralContainers</c> and
/// <c>ValidatePodEphemeralContainersUpdate</c>): an ephemeral container is a container without the
/// fields that make it part of the workload, named uniquely among all the pod's containers, and once
/// added it stays as it is.
/// </summary>
internal static class EphemeralContainerValidation
{
    public const string NotAllowed = "cannot be set for an Ephemeral Container";

    /// <summary>
    /// The container fields an ephemeral container may not set. Kubernetes lists what is allowed
    /// instead; every field of <c>EphemeralContainerCommon</c> not on that list is here.
    /// </summary>
    private static readonly string[] ForbiddenFields =
        ["ports", "resources", "resizePolicy", "restartPolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle"];

    /// <param name="others">The names of the pod's containers and init containers.</param>
    public static void Validate(JsonObject spec, string path, ISet<string> volumes, bool hostNetwork, IReadOnlySet<string> others, ErrorList errors)
    {
        var names = new HashSet<string>(others, StringComparer.Ordinal);
        foreach (var (container, containerPath) in errors.Objects(spec, "ephemeralContainers", path))
        {
            ContainerValidation.Validate(container, containerPath, volumes, hostNetwork, errors);
            var name = JsonValues.String(container["name"]) ?? "";
            if (!names.Add(name)) errors.Add(FieldError.Duplicate(containerPath.Child("name"), name));
            if (errors.String(container, "targetContainerName", containerPath) is { Length: > 0 } target && !others.Contains(target))
                errors.Add(FieldError.NotFound(containerPath.Child("targetContainerName"), target));
            foreach (var field in ForbiddenFields)
            {
                if (!IsEmpty(container[field])) errors.Add(FieldError.Forbidden(containerPath.Child(field), NotAllowed));
            }
            // A subPath is a bind mount that lives as long as the pod: a sign of a workload, not a debugging session.
            foreach (var (mount, mountPath) in errors.Objects(container, "volumeMounts", containerPath))
            {
                foreach (var field in (string[])["subPath", "subPathExpr"])
                {
                    if (!IsEmpty(mount[field])) errors.Add(FieldError.Forbidden(mountPath.Child(field), NotAllowed));
                }
            }
        }
    }

    /// <summary>A write to <c>pods/ephemeralcontainers</c>: entries may be added, never removed or changed.</summary>
    public static void ValidateUpdate(JsonObject newPod, JsonObject oldPod, ErrorList errors)
    {
        const string path = "spec.ephemeralContainers";
        var now = Entries(newPod);
        foreach (var (name, old) in Entries(oldPod))
        {
            if (!now.TryGetValue(name, out var current))
                errors.Add(FieldError.Forbidden(path, $"existing ephemeral containers \"{name}\" may not be removed"));
            else if (!JsonNode.DeepEquals(old, current))
                errors.Add(FieldError.Forbidden(path, $"existing ephemeral containers \"{name}\" may not be changed\nchanged: " +
                    string.Join(", ", JsonDiff.Paths(old, current, path.Key(name)))));
        }
    }

    /// <summary>Each ephemeral container by name; the order is not kept by a patch, so it is not compared.</summary>
    private static Dictionary<string, JsonObject> Entries(JsonObject pod)
    {
        var entries = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var container in (pod.At("spec", "ephemeralContainers") as JsonArray ?? []).OfType<JsonObject>())
            entries.TryAdd(JsonValues.String(container["name"]) ?? "", container);
        return entries;
    }

    /// <summary>What Go's zero value looks like once sent as JSON: absent, null, false, 0, "", {} or [].</summary>
    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonValue v when v.TryGetValue<double>(out var d) => d == 0,
        _ => false,
    };
}
