using System.Text.Json.Nodes;
using Obs.Api.Errors;
using Obs.Api.Objects;

namespace Obs.Api.Validation;

/// <summary>
/// What an update may change in a pod's spec (<c>ValidatePodUpdate</c>): container images, a shorter
/// <c>activeDeadlineSeconds</c>, added tolerations, <c>terminationGracePeriodSeconds</c> from negative to 1,
/// removed scheduling gates and, while the pod is still gated, added node selector entries and a narrowed
/// node affinity.
/// Everything else is fixed once the pod exists.
/// </summary>
internal static class PodUpdateValidation
{
    public const string ForbiddenMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static void Validate(JsonObject newPod, JsonObject oldPod, ErrorList errors)
    {
        var newSpec = newPod["spec"] as JsonObject ?? [];
        var oldSpec = oldPod["spec"] as JsonObject ?? [];
        const string path = "spec";

        foreach (var list in (string[])["containers", "initContainers"])
        {
            var now = newSpec[list] as JsonArray ?? [];
            var before = oldSpec[list] as JsonArray ?? [];
            if (now.Count != before.Count)
            {
                errors.Add(FieldError.Forbidden(path.Child(list), "pod updates may not add or remove containers"));
                return;
            }
            for (var i = 0; i < now.Count; i++)
            {
                var image = JsonValues.String(now[i].At("image")) ?? "";
                if (image.Length == 0) errors.Add(FieldError.Required(path.Child(list).Index(i).Child("image")));
                if (image.Trim().Length != image.Length)
                    errors.Add(FieldError.Invalid(path.Child(list).Index(i).Child("image"), image, "must not have leading or trailing whitespace"));
            }
        }

        JsonValues.TryLong(newSpec["activeDeadlineSeconds"], out var newDeadline);
        JsonValues.TryLong(oldSpec["activeDeadlineSeconds"], out var oldDeadline);
        if (newSpec["activeDeadlineSeconds"] is not null)
        {
            if (newDeadline is < 0 or > int.MaxValue)
            {
                errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), newDeadline, NameFormats.InclusiveRangeError(0, int.MaxValue)));
                return;
            }
            if (oldSpec["activeDeadlineSeconds"] is not null && oldDeadline < newDeadline)
            {
                errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), newDeadline, "must be less than or equal to previous value"));
                return;
            }
        }
        else if (oldSpec["activeDeadlineSeconds"] is not null)
        {
            errors.Add(FieldError.Invalid(path.Child("activeDeadlineSeconds"), null, "must not update from a positive integer to nil value"));
        }

        ValidateOnlyAddedTolerations(newSpec["tolerations"] as JsonArray ?? [], oldSpec["tolerations"] as JsonArray ?? [], path.Child("tolerations"), errors);
        SchedulingGateValidation.ValidateOnlyRemoved(newSpec, oldSpec, path, errors);
        var gated = SchedulingGateValidation.IsGated(oldSpec);
        if (gated)
        {
            SchedulingGateValidation.ValidateNodeSelectorAdditions(newSpec, oldSpec, path, errors);
            SchedulingGateValidation.ValidateNodeAffinityNarrowed(newSpec, oldSpec, path, errors);
        }

        if (JsonNode.DeepEquals(newSpec, oldSpec)) return;
        // Put back what may change, then anything still different is a forbidden change.
        var munged = (JsonObject)newSpec.DeepClone();
        foreach (var list in (string[])["containers", "initContainers"])
        {
            if (munged[list] is JsonArray now && oldSpec[list] is JsonArray before)
            {
                for (var i = 0; i < now.Count && i < before.Count; i++)
                {
                    if (now[i] is JsonObject c) c["image"] = before[i].At("image")?.DeepClone();
                }
            }
        }
        CopyField(oldSpec, munged, "activeDeadlineSeconds");
        CopyField(oldSpec, munged, "tolerations");
        CopyField(oldSpec, munged, "schedulingGates");
        if (gated)
        {
            CopyField(oldSpec, munged, "nodeSelector");
            SchedulingGateValidation.RestoreNodeAffinity(munged, oldSpec);
        }
        if (JsonValues.TryLong(oldSpec["terminationGracePeriodSeconds"], out var oldGrace) && oldGrace < 0 &&
            JsonValues.TryLong(munged["terminationGracePeriodSeconds"], out var newGrace) && newGrace == 1)
        {
            CopyField(oldSpec, munged, "terminationGracePeriodSeconds");
        }
        if (!JsonNode.DeepEquals(munged, oldSpec))
        {
            var changed = JsonDiff.Paths(oldSpec, munged, "spec");
            errors.Add(FieldError.Forbidden(path, ForbiddenMessage + "\nchanged: " + string.Join(", ", changed)));
        }
    }

    private static void ValidateOnlyAddedTolerations(JsonArray now, JsonArray before, string path, ErrorList errors)
    {
        foreach (var old in before)
        {
            var found = false;
            foreach (var candidate in now)
            {
                // tolerationSeconds of an existing toleration may change.
                if (old is JsonObject o && candidate is JsonObject c)
                {
                    var a = (JsonObject)o.DeepClone();
                    var b = (JsonObject)c.DeepClone();
                    a.Remove("tolerationSeconds");
                    b.Remove("tolerationSeconds");
                    if (JsonNode.DeepEquals(a, b)) { found = true; break; }
                }
            }
            if (!found)
            {
                errors.Add(FieldError.Forbidden(path, "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
    }

    private static void CopyField(JsonObject from, JsonObject to, string name)
    {
        if (from[name] is { } value) to[name] = value.DeepClone();
        else to.Remove(name);
    }
}
