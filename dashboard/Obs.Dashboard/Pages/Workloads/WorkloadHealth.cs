using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// Whether a workload is healthy, still rolling out, or degraded, reasoned as
/// <c>kubectl rollout status</c> does: a rollout is unfinished while the controller has not seen the
/// latest generation or pods are not yet updated; once it is finished, pods not ready mean degraded.
/// </summary>
public static class WorkloadHealth
{
    public static WorkloadStatus Of(WorkloadKind kind, JsonObject obj) => kind.Type.Kind switch
    {
        "Deployment" => Deployment(obj),
        "StatefulSet" => StatefulSet(obj),
        "DaemonSet" => Replicated(obj, Count(obj, "status", "desiredNumberScheduled"), Count(obj, "status", "updatedNumberScheduled"),
            Count(obj, "status", "numberAvailable"), "available"),
        "ReplicaSet" or "ReplicationController" => ReplicaSet(obj),
        "Job" => Job(obj),
        "CronJob" => CronJob(obj),
        _ => new WorkloadStatus("Unknown", StatusTone.Neutral, ""),
    };

    private static WorkloadStatus Deployment(JsonObject obj)
    {
        if (obj.BoolAt("spec", "paused") == true) return new("Paused", StatusTone.Neutral, "the rollout is paused");
        if (Condition(obj, "Progressing") is { } progressing && progressing.StringAt("reason") == "ProgressDeadlineExceeded")
            return new("Degraded", StatusTone.Degraded, $"rollout exceeded its progress deadline: {progressing.StringAt("message")}");
        if (Condition(obj, "ReplicaFailure") is { } failure && failure.StringAt("status") == "True")
            return new("Degraded", StatusTone.Degraded, failure.StringAt("message") ?? "replica failure");
        if (Stale(obj)) return new("Progressing", StatusTone.Progressing, "waiting for the controller to see the latest change");
        var desired = obj.LongAt("spec", "replicas") ?? 1;
        var updated = Count(obj, "status", "updatedReplicas");
        var total = Count(obj, "status", "replicas");
        var available = Count(obj, "status", "availableReplicas");
        if (updated < desired) return new("Progressing", StatusTone.Progressing, $"{updated} of {desired} new replicas have been updated");
        if (total > updated) return new("Progressing", StatusTone.Progressing, $"{total - updated} old replicas are pending termination");
        if (available < updated)
        {
            return Condition(obj, "Available")?.StringAt("status") == "False"
                ? new("Degraded", StatusTone.Degraded, $"{available} of {updated} updated replicas are available")
                : new("Progressing", StatusTone.Progressing, $"{available} of {updated} updated replicas are available");
        }
        return new("Healthy", StatusTone.Healthy, $"{available} of {desired} replicas available");
    }

    private static WorkloadStatus StatefulSet(JsonObject obj)
    {
        var desired = obj.LongAt("spec", "replicas") ?? 1;
        if (Stale(obj)) return new("Progressing", StatusTone.Progressing, "waiting for the controller to see the latest change");
        if (obj.StringAt("spec", "updateStrategy", "type") != "OnDelete")
        {
            var partition = obj.LongAt("spec", "updateStrategy", "rollingUpdate", "partition") ?? 0;
            var updated = Count(obj, "status", "updatedReplicas");
            if (updated < desired - partition)
                return new("Progressing", StatusTone.Progressing, $"{updated} of {desired - partition} pods have been updated");
        }
        return Replicated(obj, desired, desired, Count(obj, "status", "readyReplicas"), "ready");
    }

    private static WorkloadStatus ReplicaSet(JsonObject obj)
    {
        if (Condition(obj, "ReplicaFailure") is { } failure && failure.StringAt("status") == "True")
            return new("Degraded", StatusTone.Degraded, failure.StringAt("message") ?? "replica failure");
        var desired = obj.LongAt("spec", "replicas") ?? 1;
        return Replicated(obj, desired, Count(obj, "status", "replicas"), Count(obj, "status", "readyReplicas"), "ready");
    }

    // Updated short of desired: still rolling; all there but not all ready/available: degraded.
    private static WorkloadStatus Replicated(JsonObject obj, long desired, long updated, long ready, string word)
    {
        if (Stale(obj)) return new("Progressing", StatusTone.Progressing, "waiting for the controller to see the latest change");
        if (updated < desired) return new("Progressing", StatusTone.Progressing, $"{updated} of {desired} pods have been updated");
        if (ready < desired) return new("Degraded", StatusTone.Degraded, $"{ready} of {desired} pods are {word}");
        return new("Healthy", StatusTone.Healthy, $"{ready} of {desired} pods are {word}");
    }

    private static WorkloadStatus Job(JsonObject obj)
    {
        if (IsTrue(obj, "Failed")) return new("Failed", StatusTone.Degraded, Condition(obj, "Failed")?.StringAt("message") ?? "the job failed");
        if (IsTrue(obj, "Complete")) return new("Complete", StatusTone.Healthy, $"{Count(obj, "status", "succeeded")} pods succeeded");
        if (IsTrue(obj, "Suspended") || obj.BoolAt("spec", "suspend") == true) return new("Suspended", StatusTone.Neutral, "the job is suspended");
        return new("Running", StatusTone.Progressing, $"{Count(obj, "status", "active")} pods active");
    }

    private static WorkloadStatus CronJob(JsonObject obj)
    {
        if (obj.BoolAt("spec", "suspend") == true) return new("Suspended", StatusTone.Neutral, "no new jobs are scheduled");
        var active = (obj.At("status", "active") as JsonArray)?.Count ?? 0;
        return active > 0
            ? new("Active", StatusTone.Progressing, $"{active} jobs running")
            : new("Scheduled", StatusTone.Healthy, $"runs on \"{obj.StringAt("spec", "schedule")}\"");
    }

    private static bool Stale(JsonObject obj) =>
        ObjectMeta.Generation(obj) > (obj.LongAt("status", "observedGeneration") ?? 0);

    internal static long Count(JsonObject obj, params ReadOnlySpan<string> path) => obj.LongAt(path) ?? 0;

    internal static JsonObject? Condition(JsonObject obj, string type) =>
        (obj.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);

    private static bool IsTrue(JsonObject obj, string type) => Condition(obj, type)?.StringAt("status") == "True";
}
