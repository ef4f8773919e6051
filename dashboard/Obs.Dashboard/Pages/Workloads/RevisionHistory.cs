using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// A workload's revisions, newest first: a Deployment's ReplicaSets by their
/// <c>deployment.kubernetes.io/revision</c> annotation, a StatefulSet's or DaemonSet's ControllerRevisions.
/// </summary>
public static class RevisionHistory
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public static IReadOnlyList<WorkloadRevision> Of(ClusterCache cache, WorkloadKind kind, JsonObject workload) => kind.Type.Kind switch
    {
        "Deployment" => Deployment(cache, workload),
        "StatefulSet" or "DaemonSet" => Controller(cache, kind, workload),
        _ => [],
    };

    private static List<WorkloadRevision> Deployment(ClusterCache cache, JsonObject deployment)
    {
        var sets = WorkloadOwnership.Controlled(cache, ResourceTypes.ReplicaSet, deployment)
            .Select(rs => (Number: long.TryParse(rs.StringAt("metadata", "annotations", RevisionAnnotation), out var n) ? n : 0, Set: rs))
            .Where(r => r.Number > 0)
            .OrderByDescending(r => r.Number)
            .ToList();
        return sets.Select((r, i) => new WorkloadRevision(r.Number, r.Set, WorkloadCounts.Images(r.Set), i == 0)).ToList();
    }

    private static List<WorkloadRevision> Controller(ClusterCache cache, WorkloadKind kind, JsonObject workload)
    {
        var updateRevision = workload.StringAt("status", "updateRevision");
        var revisions = WorkloadOwnership.Controlled(cache, ResourceTypes.ControllerRevision, workload)
            .OrderByDescending(r => r.LongAt("revision") ?? 0)
            .ToList();
        return revisions.Select((r, i) => new WorkloadRevision(
            r.LongAt("revision") ?? 0,
            r,
            ((r.At("data", "spec", "template", "spec", "containers") as JsonArray)?.Select(c => c.StringAt("image") ?? "") ?? []).ToList(),
            updateRevision is null ? i == 0 : ObjectMeta.Name(r) == updateRevision)).ToList();
    }
}
