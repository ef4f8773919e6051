using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>
/// What a workload owns, followed through controller ownerReferences in the cache: a Deployment's
/// ReplicaSets and their pods, a CronJob's Jobs and theirs, the pods of the others.
/// </summary>
public static class WorkloadOwnership
{
    /// <summary>The objects of <paramref name="type"/> in the owner's namespace whose controller is <paramref name="owner"/>.</summary>
    public static IReadOnlyList<JsonObject> Controlled(ClusterCache cache, ResourceType type, JsonObject owner) =>
        ControlledBy(cache, type, ObjectMeta.Namespace(owner), new HashSet<string> { ObjectMeta.Uid(owner) ?? "" });

    /// <summary>The intermediate objects (ReplicaSets of a Deployment, Jobs of a CronJob); empty for kinds that own pods directly.</summary>
    public static IReadOnlyList<JsonObject> Intermediates(ClusterCache cache, WorkloadKind kind, JsonObject workload) => kind.Type.Kind switch
    {
        "Deployment" => Controlled(cache, ResourceTypes.ReplicaSet, workload),
        "CronJob" => Controlled(cache, ResourceTypes.Job, workload),
        _ => [],
    };

    /// <summary>The pods the workload runs, directly or through its ReplicaSets or Jobs, by namespace and name.</summary>
    public static IReadOnlyList<JsonObject> Pods(ClusterCache cache, WorkloadKind kind, JsonObject workload)
    {
        var owners = kind.Type.Kind is "Deployment" or "CronJob"
            ? Intermediates(cache, kind, workload).Select(o => ObjectMeta.Uid(o) ?? "").ToHashSet()
            : new HashSet<string> { ObjectMeta.Uid(workload) ?? "" };
        return ControlledBy(cache, ResourceTypes.Pod, ObjectMeta.Namespace(workload), owners)
            .OrderBy(p => ObjectMeta.Name(p), StringComparer.Ordinal)
            .ToList();
    }

    private static List<JsonObject> ControlledBy(ClusterCache cache, ResourceType type, string? @namespace, IReadOnlySet<string> ownerUids)
    {
        if (ownerUids.Count == 0 || @namespace is null) return [];
        return cache.Lister(type).List(@namespace)
            .Where(o => ControllerUid(o) is { } uid && ownerUids.Contains(uid))
            .ToList();
    }

    public static string? ControllerUid(JsonObject obj) =>
        (obj.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r.BoolAt("controller") == true)?.StringAt("uid");
}
