using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Hosting;

/// <summary>
/// Routes pod events to the controller that owns the pods (a ReplicaSet, a DaemonSet), as
/// Kubernetes' pod-owning controllers do: an owned pod wakes its owner and settles its create or
/// delete expectation; an orphan wakes every owner whose selector matches it (it may be adopted);
/// a pod turning ready wakes its owner again once <c>minReadySeconds</c> have passed.
/// </summary>
internal sealed class OwnedPodEvents(string ownerKind, Lister owners, Expectations expectations, QueueController controller)
{
    public InformerHandler Handler => new(Added, Updated, Deleted);

    /// <summary>The live owner of <paramref name="obj"/> of this kind (same name and uid), or null.</summary>
    public JsonObject? OwnerOf(JsonObject obj)
    {
        if (OwnerReferences.Controller(obj) is not { } controllerRef || controllerRef.StringAt("kind") != ownerKind) return null;
        var owner = owners.Get(ObjectMeta.Namespace(obj), controllerRef.StringAt("name") ?? "");
        return owner is not null && ObjectMeta.Uid(owner) == controllerRef.StringAt("uid") ? owner : null;
    }

    private void EnqueueMatching(JsonObject pod)
    {
        foreach (var owner in owners.List(ObjectMeta.Namespace(pod)))
        {
            if (LabelSelector.FromJson(owner.At("spec", "selector")).MatchesObject(pod)) controller.Enqueue(ObjectKeys.KeyOf(owner));
        }
    }

    private void Added(JsonObject pod)
    {
        if (ObjectMeta.DeletionTimestamp(pod) is not null)
        {
            Deleted(pod);
            return;
        }
        if (OwnerReferences.Controller(pod) is not null)
        {
            if (OwnerOf(pod) is not { } owner) return;
            var key = ObjectKeys.KeyOf(owner);
            expectations.CreationObserved(key);
            controller.Enqueue(key);
            return;
        }
        EnqueueMatching(pod);
    }

    private void Updated(JsonObject oldPod, JsonObject pod)
    {
        if (ObjectMeta.ResourceVersion(oldPod) == ObjectMeta.ResourceVersion(pod)) return;
        if (ObjectMeta.DeletionTimestamp(pod) is not null && ObjectMeta.DeletionTimestamp(oldPod) is null && OwnerOf(pod) is { } deleting)
            expectations.DeletionObserved(ObjectKeys.KeyOf(deleting));
        if (OwnerOf(oldPod) is { } oldOwner) controller.Enqueue(ObjectKeys.KeyOf(oldOwner));
        if (OwnerOf(pod) is { } owner)
        {
            var key = ObjectKeys.KeyOf(owner);
            controller.Enqueue(key);
            var minReady = owner.LongAt("spec", "minReadySeconds") ?? 0;
            if (minReady > 0 && !PodState.IsReady(oldPod) && PodState.IsReady(pod)) controller.EnqueueAfter(key, TimeSpan.FromSeconds(minReady + 1));
            return;
        }
        if (OwnerReferences.Controller(pod) is null) EnqueueMatching(pod);
    }

    private void Deleted(JsonObject pod)
    {
        if (OwnerOf(pod) is not { } owner) return;
        var key = ObjectKeys.KeyOf(owner);
        expectations.DeletionObserved(key);
        controller.Enqueue(key);
    }
}
