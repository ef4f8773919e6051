using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.StatefulSets;

/// <summary>
/// persistentVolumeClaimRetentionPolicy, carried out through owner references so the garbage
/// collector does the deleting: <c>whenDeleted: Delete</c> makes the set an owner of every claim,
/// <c>whenScaled: Delete</c> makes a condemned pod (ordinal past the end) the only owner of its claims.
/// Under the default Retain/Retain no claim is touched, and claims outlive pods and the set.
/// </summary>
internal static class ClaimRetention
{
    public static async Task SyncOwnersAsync(JsonObject set, IEnumerable<(JsonObject Pod, bool Condemned)> pods, Lister claims,
        IObjectControl control, CancellationToken cancellationToken)
    {
        var whenDeleted = set.StringAt("spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted") == "Delete";
        var whenScaled = set.StringAt("spec", "persistentVolumeClaimRetentionPolicy", "whenScaled") == "Delete";
        var setUid = ObjectMeta.Uid(set);
        foreach (var (pod, condemned) in pods)
        {
            foreach (var wanted in StatefulPods.Claims(set, StatefulPods.Ordinal(pod)))
            {
                if (claims.Get(ObjectMeta.Namespace(wanted), ObjectMeta.Name(wanted)!) is not { } claim) continue;
                var existing = OwnerReferences.Of(claim);
                var refs = existing.Where(r => r.StringAt("uid") != setUid && !(r.StringAt("kind") == "Pod" && r.StringAt("name") == ObjectMeta.Name(pod))).ToList();
                // The collector deletes only what has lost every owner: a condemned pod's claim belongs to the pod alone.
                if (whenScaled && condemned) refs.Add(Reference("v1", "Pod", pod));
                else if (whenDeleted) refs.Add(Reference("apps/v1", "StatefulSet", set));
                if (refs.Count == existing.Count && refs.All(r => existing.Any(e => e.StringAt("uid") == r.StringAt("uid")))) continue;
                try
                {
                    await control.PatchAsync(ResourceTypes.PersistentVolumeClaim, ObjectMeta.Namespace(claim), ObjectMeta.Name(claim)!, OwnerReferences.Patch(claim, refs), cancellationToken);
                }
                catch (ApiException e) when (e.IsNotFound)
                {
                }
            }
        }
    }

    private static JsonObject Reference(string apiVersion, string kind, JsonObject owner) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["name"] = ObjectMeta.Name(owner),
        ["uid"] = ObjectMeta.Uid(owner),
    };
}
