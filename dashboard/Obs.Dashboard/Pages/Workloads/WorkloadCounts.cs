using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Printing;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// The three count columns of a workload row, as <c>kubectl get</c> prints them (READY n/m,
/// UP-TO-DATE, AVAILABLE; a Job's COMPLETIONS; a CronJob's SCHEDULE, ACTIVE, LAST SCHEDULE),
/// and its images.
/// </summary>
public static class WorkloadCounts
{
    public static string[] Of(WorkloadKind kind, JsonObject obj, DateTimeOffset now)
    {
        long N(params ReadOnlySpan<string> path) => WorkloadHealth.Count(obj, path);
        var desired = obj.LongAt("spec", "replicas") ?? 1;
        return kind.Type.Kind switch
        {
            "Deployment" => [$"{N("status", "readyReplicas")}/{desired}", $"{N("status", "updatedReplicas")}", $"{N("status", "availableReplicas")}"],
            "StatefulSet" => [$"{N("status", "readyReplicas")}/{desired}", $"{N("status", "updatedReplicas")}", $"{N("status", "availableReplicas")}"],
            "ReplicaSet" or "ReplicationController" => [$"{N("status", "readyReplicas")}/{desired}", $"{N("status", "fullyLabeledReplicas")}", $"{N("status", "availableReplicas")}"],
            "DaemonSet" => [$"{N("status", "numberReady")}/{N("status", "desiredNumberScheduled")}", $"{N("status", "updatedNumberScheduled")}", $"{N("status", "numberAvailable")}"],
            "Job" => [$"{N("status", "succeeded")}/{obj.LongAt("spec", "completions") ?? 1}", $"{N("status", "active")}", $"{N("status", "failed")}"],
            "CronJob" =>
            [
                obj.StringAt("spec", "schedule") ?? "",
                $"{(obj.At("status", "active") as JsonArray)?.Count ?? 0}",
                obj.StringAt("status", "lastScheduleTime") is { } last ? HumanDuration.Since(last, now) + " ago" : "never",
            ],
            _ => ["", "", ""],
        };
    }

    /// <summary>The images of the pod template (a CronJob's through its job template).</summary>
    public static IReadOnlyList<string> Images(JsonObject obj)
    {
        var podSpec = obj.At("spec", "template", "spec") ?? obj.At("spec", "jobTemplate", "spec", "template", "spec");
        return (podSpec.At("containers") as JsonArray)?.Select(c => c.StringAt("image") ?? "").ToList() ?? [];
    }
}
