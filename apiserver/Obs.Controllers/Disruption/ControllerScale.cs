using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Disruption;

/// <summary>
/// How many pods a budget's pods' controllers want (getExpectedScale): the sum of the replicas of
/// every distinct controller. A ReplicaSet run by a Deployment counts as the Deployment.
/// </summary>
internal sealed class ControllerScale(Lister deployments, Lister replicaSets, Lister statefulSets, Lister replicationControllers)
{
    /// <summary>The expected pod count and the names of pods without a controller (not counted).</summary>
    /// <exception cref="BudgetSyncException">A pod's controller is not one whose scale is known.</exception>
    public (long Expected, IReadOnlyList<string> Unmanaged) Expected(IEnumerable<JsonObject> pods)
    {
        var scales = new Dictionary<string, long>();
        var unmanaged = new List<string>();
        foreach (var pod in pods)
        {
            var reference = OwnerReferences.Controller(pod);
            if (reference is null)
            {
                unmanaged.Add(ObjectMeta.Name(pod) ?? "");
                continue;
            }
            if (reference.StringAt("uid") is { } uid && scales.ContainsKey(uid)) continue;
            var (owner, replicas) = Find(reference, ObjectMeta.Namespace(pod))
                ?? throw new BudgetSyncException($"found no controllers for pod \"{ObjectMeta.Name(pod)}\"");
            scales[owner] = replicas;
        }
        return (scales.Values.Sum(), unmanaged);
    }

    /// <summary>The controller behind a pod's controller reference, by uid, and its replicas; null when it is unknown.</summary>
    private (string Uid, long Replicas)? Find(JsonObject reference, string? ns)
    {
        var uid = reference.StringAt("uid");
        var name = reference.StringAt("name") ?? "";
        if (reference.StringAt("apiVersion") == "v1")
            return reference.StringAt("kind") == "ReplicationController" ? Scaled(replicationControllers.Get(ns, name), uid) : null;
        var group = (reference.StringAt("apiVersion") ?? "").Split('/')[0];
        if (group != "apps") return null;
        switch (reference.StringAt("kind"))
        {
            case "ReplicaSet":
                var rs = replicaSets.Get(ns, name);
                if (rs is null || ObjectMeta.Uid(rs) != uid) return null;
                if (OwnerReferences.Controller(rs) is { } rsOwner && rsOwner.StringAt("kind") == "Deployment")
                {
                    // Scale belongs to the Deployment while it rolls its ReplicaSets over.
                    return deployments.Get(ns, rsOwner.StringAt("name") ?? "") is { } deployment && ObjectMeta.Uid(deployment) == rsOwner.StringAt("uid")
                        ? (ObjectMeta.Uid(deployment)!, Replicas(deployment))
                        : null;
                }
                return (uid!, Replicas(rs));
            case "Deployment":
                return Scaled(deployments.Get(ns, name), uid);
            case "StatefulSet":
                return Scaled(statefulSets.Get(ns, name), uid);
            default:
                return null;
        }
    }

    private static (string, long)? Scaled(JsonObject? owner, string? uid) =>
        owner is not null && ObjectMeta.Uid(owner) == uid ? (uid!, Replicas(owner)) : null;

    private static long Replicas(JsonObject owner) => owner.LongAt("spec", "replicas") ?? 1;
}
