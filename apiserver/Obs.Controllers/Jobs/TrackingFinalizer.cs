using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// <c>batch.kubernetes.io/job-tracking</c>: every pod a Job creates carries it, so a pod cannot
/// leave the API before the Job controller has counted it in the Job's status. The controller
/// lifts it once the pod is counted (or was never going to be: the Job finished, is being
/// deleted, or is gone).
/// </summary>
public static class TrackingFinalizer
{
    public const string Name = "batch.kubernetes.io/job-tracking";

    public static bool IsOn(JsonNode pod) => ObjectMeta.Finalizers(pod).Contains(Name);

    /// <summary>
    /// Whether a pod nothing counts any more (its Job finished, is being deleted, or is gone) may
    /// lose the finalizer now: once it ended, or is being deleted and nothing runs it. One still
    /// running keeps it until then, so that a lift decided on a cached copy cannot land after a
    /// graceful deletion and take the pod out of the API before its node agent stopped it.
    /// </summary>
    public static bool MayGo(JsonNode pod, DateTimeOffset now) =>
        pod.StringAt("status", "phase") is "Succeeded" or "Failed" || (ObjectMeta.DeletionTimestamp(pod) is not null && StoppingUntil(pod, now) is null);

    /// <summary>
    /// The deadline of a pod its node agent is still stopping (deleted, bound to a node, not ended,
    /// its grace period not over); null for any other pod. Such a pod keeps the finalizer until it
    /// ended, as the node agent writes its end before it finishes the deletion: lifted earlier, it
    /// would leave the API at once, before its containers stopped.
    /// </summary>
    public static DateTimeOffset? StoppingUntil(JsonNode pod, DateTimeOffset now)
    {
        if (ObjectMeta.DeletionTimestamp(pod) is not { } deleting || pod.StringAt("status", "phase") is "Succeeded" or "Failed") return null;
        if (string.IsNullOrEmpty(pod.StringAt("spec", "nodeName"))) return null;
        return PodState.Time(deleting) is { } deadline && deadline > now ? deadline : null;
    }

    /// <summary>Adds the finalizer to a pod about to be created, once.</summary>
    public static void AddTo(JsonObject pod)
    {
        var metadata = pod.Ensure("metadata");
        if (metadata["finalizers"] is not JsonArray finalizers) metadata["finalizers"] = finalizers = [];
        if (!finalizers.Any(f => f?.GetValue<string>() == Name)) finalizers.Add(Name);
    }

    /// <summary>
    /// The merge patch that lifts the finalizer and keeps the others. A merge patch replaces the
    /// list whole; the resourceVersion makes it fail rather than drop a finalizer added meanwhile.
    /// </summary>
    public static JsonObject RemovalPatch(JsonNode pod)
    {
        var rest = ObjectMeta.Finalizers(pod).Where(f => f != Name).Select(f => (JsonNode)f).ToArray();
        return new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = rest.Length == 0 ? null : new JsonArray(rest),
                ["resourceVersion"] = ObjectMeta.ResourceVersion(pod),
            },
        };
    }
}
