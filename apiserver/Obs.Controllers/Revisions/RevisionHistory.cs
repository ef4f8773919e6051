using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Revisions;

/// <summary>
/// The ControllerRevision history of one StatefulSet or DaemonSet (pkg/controller/history): one
/// revision per distinct pod template, numbered in the order they became current. A template seen
/// before (a rollback) gets its old revision back with the next number instead of a new object, so
/// <c>kubectl rollout history</c> lists each template once.
/// </summary>
public sealed class RevisionHistory(ResourceType ownerType, string hashLabel, Lister revisions, IObjectControl control)
{
    /// <summary>The owner's revisions (adopting orphans its selector matches), oldest number first.</summary>
    public async Task<List<JsonObject>> ClaimAsync(JsonObject owner, CancellationToken cancellationToken)
    {
        var selector = LabelSelector.FromJson(owner.At("spec", "selector"));
        var claimed = await OwnershipClaims.ClaimAsync(ownerType, owner, selector, ResourceTypes.ControllerRevision,
            revisions.List(ObjectMeta.Namespace(owner)), control, cancellationToken);
        return Sorted(claimed);
    }

    public static List<JsonObject> Sorted(IEnumerable<JsonObject> list) =>
        [.. list.OrderBy(RevisionData.Number).ThenBy(r => ObjectMeta.Name(r), StringComparer.Ordinal)];

    /// <summary>
    /// The revision of the owner's current template, made the newest: the latest revision when it
    /// already is that template, an older equal one renumbered, or a new one. Returns it, the
    /// revisions as they now are, and the collision count the owner's status must record.
    /// </summary>
    public async Task<(JsonObject Update, List<JsonObject> Revisions, long CollisionCount)> SyncUpdateRevisionAsync(
        JsonObject owner, List<JsonObject> history, CancellationToken cancellationToken)
    {
        var template = owner.At("spec", "template") as JsonObject ?? new JsonObject();
        var collisionCount = owner.LongAt("status", "collisionCount") ?? 0;
        var next = (history.Count == 0 ? 0 : history.Max(RevisionData.Number)) + 1;
        var equal = history.Where(r => RevisionData.Restores(r, template)).ToList();
        if (equal.Count > 0 && ReferenceEquals(equal[^1], history[^1])) return (history[^1], history, collisionCount);
        if (equal.Count > 0)
        {
            var old = equal[^1];
            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["uid"] = ObjectMeta.Uid(old), ["resourceVersion"] = ObjectMeta.ResourceVersion(old) },
                ["revision"] = next,
            };
            var renumbered = await control.PatchAsync(ResourceTypes.ControllerRevision, ObjectMeta.Namespace(old), ObjectMeta.Name(old)!, patch, cancellationToken);
            return (renumbered, Sorted(history.Select(r => ReferenceEquals(r, old) ? renumbered : r)), collisionCount);
        }
        while (true)
        {
            var revision = New(owner, RevisionData.Hash(owner, collisionCount == 0 ? null : collisionCount), next);
            try
            {
                var created = await control.CreateAsync(ResourceTypes.ControllerRevision, revision, cancellationToken);
                return (created, [.. history, created], collisionCount);
            }
            catch (ApiException e) when (e.IsAlreadyExists)
            {
                // Ours from a sync the cache has not caught up with: try again once it has. Someone
                // else's, or another template under the same hash: a collision, so probe the next name.
                var existing = revisions.Get(ObjectMeta.Namespace(owner), ObjectMeta.Name(revision)!);
                if (existing is null) throw;
                if (OwnerReferences.Controller(existing)?.StringAt("uid") == ObjectMeta.Uid(owner) && RevisionData.Restores(existing, template))
                    return (existing, Sorted(history.Append(existing).DistinctBy(r => ObjectMeta.Uid(r))), collisionCount);
                collisionCount++;
            }
        }
    }

    /// <summary>A new revision of the owner's template: labels of the template plus the hash, the owner's annotations.</summary>
    public JsonObject New(JsonObject owner, string hash, long number)
    {
        var labels = (JsonObject)(owner.At("spec", "template", "metadata", "labels")?.DeepClone() ?? new JsonObject());
        labels[hashLabel] = hash;
        var metadata = new JsonObject
        {
            ["name"] = ObjectMeta.Name(owner) + "-" + hash,
            ["namespace"] = ObjectMeta.Namespace(owner),
            ["labels"] = labels,
            ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ownerType, owner)),
        };
        if (owner.At("metadata", "annotations") is JsonObject annotations && annotations.Count > 0) metadata["annotations"] = annotations.DeepClone();
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = metadata,
            ["data"] = RevisionData.Patch(owner),
            ["revision"] = number,
        };
    }

    /// <summary>Deletes the oldest revisions no pod or status still uses, keeping <paramref name="limit"/> of them.</summary>
    public async Task TruncateAsync(IEnumerable<JsonObject> history, Func<JsonObject, bool> isLive, long limit, CancellationToken cancellationToken)
    {
        var dead = Sorted(history.Where(r => !isLive(r) && ObjectMeta.DeletionTimestamp(r) is null));
        foreach (var revision in dead.Take(Math.Max(0, dead.Count - (int)Math.Max(0, limit))))
        {
            await control.DeleteAsync(ResourceTypes.ControllerRevision, ObjectMeta.Namespace(revision), ObjectMeta.Name(revision)!, ObjectMeta.Uid(revision), null, cancellationToken);
        }
    }
}
