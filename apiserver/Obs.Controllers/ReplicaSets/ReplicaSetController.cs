using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;

namespace Obs.Controllers.ReplicaSets;

/// <summary>
/// Keeps <c>spec.replicas</c> pods matching each ReplicaSet's selector (pkg/controller/replicaset):
/// claims its pods, creates the missing ones in slow-start batches, deletes the least valuable
/// extras, and writes the counts back as status.
/// </summary>
public sealed class ReplicaSetController : QueueController
{
    // kube-controller-manager's burstReplicas: at most this many creates or deletes per sync.
    private const int BurstReplicas = 500;

    private readonly Lister _replicaSets;
    private readonly Lister _pods;
    private readonly IObjectControl _control;

    internal ReplicaSetController(Lister replicaSets, Lister pods, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("replicaset", logger, time)
    {
        _replicaSets = replicaSets;
        _pods = pods;
        _control = control;
        Expectations = new Expectations(Time);
    }

    public Expectations Expectations { get; }

    public static ReplicaSetController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var rsInformer = informers.For(ResourceTypes.ReplicaSet);
        var podInformer = informers.For(ResourceTypes.Pod);
        var controller = new ReplicaSetController(rsInformer.Lister, podInformer.Lister, control, logger, time);
        controller.WaitFor(rsInformer, podInformer);
        rsInformer.AddHandler(new InformerHandler(
            rs => controller.Enqueue(ObjectKeys.KeyOf(rs)),
            (_, rs) => controller.Enqueue(ObjectKeys.KeyOf(rs)),
            rs =>
            {
                controller.Expectations.Forget(ObjectKeys.KeyOf(rs));
                controller.Enqueue(ObjectKeys.KeyOf(rs));
            }));
        podInformer.AddHandler(new InformerHandler(controller.OnPodAdded, controller.OnPodUpdated, controller.OnPodDeleted));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var rs = _replicaSets.Get(key);
        if (rs is null)
        {
            Expectations.Forget(key);
            return;
        }
        var needsSync = Expectations.Satisfied(key);
        var selector = LabelSelector.FromJson(rs.At("spec", "selector"));
        var candidates = _pods.List(ObjectMeta.Namespace(rs)).Where(PodState.IsActive);
        var pods = await OwnershipClaims.ClaimAsync(ResourceTypes.ReplicaSet, rs, selector, ResourceTypes.Pod, candidates, _control, cancellationToken);

        Exception? manageError = null;
        if (needsSync && ObjectMeta.DeletionTimestamp(rs) is null)
        {
            try
            {
                await ManageReplicasAsync(key, rs, pods, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                manageError = e;
            }
        }
        var minReadySeconds = rs.LongAt("spec", "minReadySeconds") ?? 0;
        var status = ReplicaSetStatus.Calculate(rs, pods, minReadySeconds, Time.GetUtcNow(), manageError);
        if (!JsonNode.DeepEquals(status, rs["status"]))
        {
            var copy = (JsonObject)rs.DeepClone();
            copy["status"] = status;
            await _control.UpdateStatusAsync(ResourceTypes.ReplicaSet, copy, cancellationToken);
        }
        if (manageError is not null) throw manageError;
        var replicas = rs.LongAt("spec", "replicas") ?? 1;
        if (minReadySeconds > 0 && status.LongAt("readyReplicas") == replicas && (status.LongAt("availableReplicas") ?? 0) != replicas)
            EnqueueAfter(key, TimeSpan.FromSeconds(minReadySeconds));
    }

    private async Task ManageReplicasAsync(string key, JsonObject rs, List<JsonObject> pods, CancellationToken cancellationToken)
    {
        var diff = pods.Count - (int)(rs.LongAt("spec", "replicas") ?? 1);
        if (diff < 0)
        {
            var count = Math.Min(-diff, BurstReplicas);
            Expectations.Expect(key, count, 0);
            var template = NewPod(rs);
            var (created, error) = await SlowStart.RunAsync(count, () => _control.CreateAsync(ResourceTypes.Pod, (JsonObject)template.DeepClone(), cancellationToken));
            // Pods that were never made will never be observed.
            Expectations.Lower(key, count - created, 0);
            if (error is not null) throw error;
        }
        else if (diff > 0)
        {
            var count = Math.Min(diff, BurstReplicas);
            var victims = pods.OrderBy(p => p, Comparer<JsonObject>.Create(PodState.CompareForDeletion)).Take(count).ToList();
            Expectations.Expect(key, 0, count);
            var failures = await Task.WhenAll(victims.Select(async pod =>
            {
                try
                {
                    await _control.DeleteAsync(ResourceTypes.Pod, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!, ObjectMeta.Uid(pod), null, cancellationToken);
                    return null;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Expectations.DeletionObserved(key);
                    return e;
                }
            }));
            if (failures.FirstOrDefault(f => f is not null) is { } failure) throw failure;
        }
    }

    /// <summary>A pod from the ReplicaSet's template, named <c>&lt;rs&gt;-&lt;5 random&gt;</c> by the apiserver.</summary>
    internal static JsonObject NewPod(JsonObject rs)
    {
        var template = rs["spec"]?["template"] as JsonObject ?? new JsonObject();
        var metadata = new JsonObject
        {
            ["generateName"] = ObjectMeta.Name(rs) + "-",
            ["namespace"] = ObjectMeta.Namespace(rs),
        };
        foreach (var field in new[] { "labels", "annotations", "finalizers" })
        {
            if (template.At("metadata", field) is { } value) metadata[field] = value.DeepClone();
        }
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.ReplicaSet, rs));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private JsonObject? OwnerOf(JsonObject pod)
    {
        if (OwnerReferences.Controller(pod) is not { } controllerRef || controllerRef.StringAt("kind") != "ReplicaSet") return null;
        var rs = _replicaSets.Get(ObjectMeta.Namespace(pod), controllerRef.StringAt("name") ?? "");
        return rs is not null && ObjectMeta.Uid(rs) == controllerRef.StringAt("uid") ? rs : null;
    }

    private void EnqueueMatching(JsonObject pod)
    {
        foreach (var rs in _replicaSets.List(ObjectMeta.Namespace(pod)))
        {
            if (LabelSelector.FromJson(rs.At("spec", "selector")).MatchesObject(pod)) Enqueue(ObjectKeys.KeyOf(rs));
        }
    }

    private void OnPodAdded(JsonObject pod)
    {
        if (ObjectMeta.DeletionTimestamp(pod) is not null)
        {
            OnPodDeleted(pod);
            return;
        }
        if (OwnerReferences.Controller(pod) is not null)
        {
            if (OwnerOf(pod) is not { } rs) return;
            var key = ObjectKeys.KeyOf(rs);
            Expectations.CreationObserved(key);
            Enqueue(key);
            return;
        }
        EnqueueMatching(pod);
    }

    private void OnPodUpdated(JsonObject oldPod, JsonObject pod)
    {
        if (ObjectMeta.ResourceVersion(oldPod) == ObjectMeta.ResourceVersion(pod)) return;
        if (ObjectMeta.DeletionTimestamp(pod) is not null && ObjectMeta.DeletionTimestamp(oldPod) is null)
        {
            if (OwnerOf(pod) is { } deleting) Expectations.DeletionObserved(ObjectKeys.KeyOf(deleting));
        }
        var oldOwner = OwnerOf(oldPod);
        if (oldOwner is not null) Enqueue(ObjectKeys.KeyOf(oldOwner));
        if (OwnerOf(pod) is { } owner)
        {
            var key = ObjectKeys.KeyOf(owner);
            Enqueue(key);
            var minReady = owner.LongAt("spec", "minReadySeconds") ?? 0;
            if (minReady > 0 && !PodState.IsReady(oldPod) && PodState.IsReady(pod)) EnqueueAfter(key, TimeSpan.FromSeconds(minReady + 1));
            return;
        }
        if (OwnerReferences.Controller(pod) is null) EnqueueMatching(pod);
    }

    private void OnPodDeleted(JsonObject pod)
    {
        if (OwnerOf(pod) is not { } rs) return;
        var key = ObjectKeys.KeyOf(rs);
        Expectations.DeletionObserved(key);
        Enqueue(key);
    }
}
