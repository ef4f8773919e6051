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
/// extras, and writes the counts back as status. A second instance does the same for core/v1
/// ReplicationControllers, as Kubernetes' replication manager wraps this controller.
/// </summary>
public sealed class ReplicaSetController : QueueController
{
    // kube-controller-manager's burstReplicas: at most this many creates or deletes per sync.
    private const int BurstReplicas = 500;

    private readonly ResourceType _type;
    private readonly Lister _replicaSets;
    private readonly Lister _pods;
    private readonly IObjectControl _control;
    private readonly OwnedPodEvents _podEvents;
    private readonly PodControl _podControl;

    internal ReplicaSetController(Lister replicaSets, Lister pods, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : this(ResourceTypes.ReplicaSet, replicaSets, pods, control, logger, time)
    {
    }

    private ReplicaSetController(ResourceType type, Lister replicaSets, Lister pods, IObjectControl control, ILogger logger, TimeProvider? time)
        : base(type == ResourceTypes.ReplicaSet ? "replicaset" : "replicationmanager", logger, time)
    {
        _type = type;
        _replicaSets = replicaSets;
        _pods = pods;
        _control = control;
        var component = type == ResourceTypes.ReplicaSet ? "replicaset-controller" : "replication-controller";
        _podControl = new PodControl(control, new ControllerEvents(control, component, type));
        Expectations = new Expectations(Time);
        _podEvents = new OwnedPodEvents(type.Kind, replicaSets, Expectations, this);
    }

    public Expectations Expectations { get; }

    /// <summary>The controller of <paramref name="type"/>: ReplicaSets, or (given) ReplicationControllers.</summary>
    public static ReplicaSetController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null, ResourceType? type = null)
    {
        type ??= ResourceTypes.ReplicaSet;
        var rsInformer = informers.For(type);
        var podInformer = informers.For(ResourceTypes.Pod);
        var controller = new ReplicaSetController(type, rsInformer.Lister, podInformer.Lister, control, logger, time);
        controller.WaitFor(rsInformer, podInformer);
        rsInformer.AddHandler(new InformerHandler(
            rs => controller.Enqueue(ObjectKeys.KeyOf(rs)),
            (_, rs) => controller.Enqueue(ObjectKeys.KeyOf(rs)),
            rs =>
            {
                controller.Expectations.Forget(ObjectKeys.KeyOf(rs));
                controller.Enqueue(ObjectKeys.KeyOf(rs));
            }));
        podInformer.AddHandler(controller._podEvents.Handler);
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
        var selector = LabelSelector.OfWorkload(_type, rs);
        var candidates = _pods.List(ObjectMeta.Namespace(rs)).Where(PodState.IsActive);
        var pods = await OwnershipClaims.ClaimAsync(_type, rs, selector, ResourceTypes.Pod, candidates, _control, cancellationToken);

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
            await _control.UpdateStatusAsync(_type, copy, cancellationToken);
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
            var template = NewPod(rs, _type);
            var (created, error) = await SlowStart.RunAsync(count, () => _podControl.CreateAsync(rs, (JsonObject)template.DeepClone(), cancellationToken));
            // Pods that were never made will never be observed.
            Expectations.Lower(key, count - created, 0);
            if (error is not null) throw error;
        }
        else if (diff > 0)
        {
            var count = Math.Min(diff, BurstReplicas);
            var victims = pods.OrderBy(p => p, Comparer<JsonObject>.Create(PodState.CompareForScaleDown)).Take(count).ToList();
            Expectations.Expect(key, 0, count);
            var failures = await Task.WhenAll(victims.Select(async pod =>
            {
                try
                {
                    await _podControl.DeleteAsync(rs, pod, cancellationToken);
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
    internal static JsonObject NewPod(JsonObject rs, ResourceType? type = null)
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
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(type ?? ResourceTypes.ReplicaSet, rs));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
