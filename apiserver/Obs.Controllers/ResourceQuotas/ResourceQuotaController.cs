using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Quota;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.ResourceQuotas;

/// <summary>
/// Keeps every ResourceQuota's status (pkg/controller/resourcequota): <c>status.hard</c> is <c>spec.hard</c>,
/// which puts the quota in force, and <c>status.used</c> is counted afresh from the listers. Admission charges
/// usage as objects are written; this recount is what gives it back when an object goes (deleted, a pod
/// Succeeded or Failed, a Service or claim made smaller) or when a charged write failed to be stored. It runs
/// when a quota is made or its spec changes, on those changes of counted objects, and for every quota at each
/// informer resync.
/// The status is written with the resourceVersion read, so a charge made meanwhile is not overwritten: the
/// write conflicts and the quota is counted again. <c>count/</c> names are counted for the kinds listed in
/// <see cref="Counted"/>; others stay 0.
/// </summary>
public sealed class ResourceQuotaController : QueueController
{
    /// <summary>The kinds whose objects are counted (each kind's informer is shared with the controllers that own it).</summary>
    public static readonly ResourceType[] Counted =
    [
        ResourceTypes.Pod, ResourceTypes.Service, ResourceTypes.PersistentVolumeClaim, ResourceTypes.ConfigMap, ResourceTypes.Secret,
        ResourceTypes.ReplicationController, ResourceTypes.ResourceQuota, ResourceTypes.Deployment, ResourceTypes.ReplicaSet,
        ResourceTypes.StatefulSet, ResourceTypes.DaemonSet, ResourceTypes.Job, ResourceTypes.CronJob,
    ];

    private readonly Lister _quotas;
    private readonly Dictionary<string, Lister> _objects;
    private readonly IObjectControl _control;

    internal ResourceQuotaController(Lister quotas, Dictionary<string, Lister> objects, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("resourcequota", logger, time)
    {
        _quotas = quotas;
        _objects = objects;
        _control = control;
    }

    public static ResourceQuotaController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var quotas = informers.For(ResourceTypes.ResourceQuota);
        var counted = Counted.Select(type => (type, informer: informers.For(type))).ToList();
        var controller = new ResourceQuotaController(quotas.Lister, counted.ToDictionary(c => c.type.GroupResource, c => c.informer.Lister), control, logger, time);
        controller.WaitFor([quotas, .. counted.Select(c => c.informer).Where(i => i != quotas)]);
        quotas.AddHandler(new InformerHandler(
            quota => controller.Enqueue(ObjectKeys.KeyOf(quota)),
            (old, quota) =>
            {
                if (NeedsRecount(old, quota)) controller.Enqueue(ObjectKeys.KeyOf(quota));
            }));
        foreach (var (type, informer) in counted)
        {
            if (type == ResourceTypes.ResourceQuota) continue;
            var resource = type.GroupResource;
            informer.AddHandler(new InformerHandler(
                onUpdate: (old, obj) =>
                {
                    // Every pod status write in the cluster lands here: a namespace without quotas has nothing to recount.
                    if (controller._quotas.List(ObjectMeta.Namespace(obj)).Count == 0) return;
                    // Pods that finish, and Services or claims that shrink, give back quota; an unchanged usage changes nothing.
                    var now = controller.Time.GetUtcNow();
                    if (!SameUsage(ObjectUsage.Of(resource, old, now), ObjectUsage.Of(resource, obj, now))) controller.EnqueueQuotasOf(obj);
                },
                onDelete: controller.EnqueueQuotasOf));
        }
        return controller;
    }

    /// <summary>
    /// A new spec, a status not in force, or the informer's periodic resync (the same version again). Not the
    /// charges admission writes: a recount then could run before the charged object is stored and seen, and give
    /// back what it holds (Kubernetes' controller also recounts on spec changes and at its resync only).
    /// </summary>
    private static bool NeedsRecount(JsonObject old, JsonObject quota) =>
        ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(quota) ||
        !JsonNode.DeepEquals(old["spec"], quota["spec"]) ||
        !JsonNode.DeepEquals(quota.At("spec", "hard"), quota.At("status", "hard"));

    private static bool SameUsage(Dictionary<string, Api.Quantities.Quantity> a, Dictionary<string, Api.Quantities.Quantity> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && other == e.Value);

    private void EnqueueQuotasOf(JsonObject obj)
    {
        foreach (var quota in _quotas.List(ObjectMeta.Namespace(obj))) Enqueue(ObjectKeys.KeyOf(quota));
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var quota = _quotas.Get(key);
        if (quota is null) return;
        var ns = ObjectMeta.Namespace(quota);
        var hard = quota.At("spec", "hard") as JsonObject ?? [];
        var used = QuotaRecount.Used(quota, hard.Select(h => h.Key), resource => _objects.TryGetValue(resource, out var lister) ? lister.List(ns) : [], Time.GetUtcNow());
        var wanted = new JsonObject { ["hard"] = hard.DeepClone(), ["used"] = used };
        if (JsonNode.DeepEquals(quota["status"], wanted)) return;
        var copy = (JsonObject)quota.DeepClone();
        copy["status"] = wanted;
        try
        {
            await _control.UpdateStatusAsync(ResourceTypes.ResourceQuota, copy, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }
}
