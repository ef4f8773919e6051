using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;
using Obs.Controllers.Revisions;

namespace Obs.Controllers.StatefulSets;

/// <summary>
/// Runs StatefulSets (pkg/controller/statefulset): pods <c>&lt;set&gt;-0 … &lt;set&gt;-(N-1)</c> with
/// stable names, hostnames and claims, created and removed in ordinal order, rolled by revision.
/// Pod names are fixed, so a second sync on a stale cache meets AlreadyExists rather than making
/// a duplicate: no expectations are needed.
/// </summary>
public sealed class StatefulSetController : QueueController
{
    private readonly Lister _sets;
    private readonly Lister _pods;
    private readonly Lister _revisions;
    private readonly Lister _claims;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _events;

    internal StatefulSetController(Lister sets, Lister pods, Lister revisions, Lister claims, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("statefulset", logger, time)
    {
        _sets = sets;
        _pods = pods;
        _revisions = revisions;
        _claims = claims;
        _control = control;
        _events = new ControllerEvents(control, "statefulset-controller", ResourceTypes.StatefulSet);
    }

    public static StatefulSetController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var setInformer = informers.For(ResourceTypes.StatefulSet);
        var podInformer = informers.For(ResourceTypes.Pod);
        var revisionInformer = informers.For(ResourceTypes.ControllerRevision);
        var claimInformer = informers.For(ResourceTypes.PersistentVolumeClaim);
        var controller = new StatefulSetController(setInformer.Lister, podInformer.Lister, revisionInformer.Lister, claimInformer.Lister, control, logger, time);
        controller.WaitFor(setInformer, podInformer, revisionInformer, claimInformer);
        setInformer.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        podInformer.AddHandler(new InformerHandler(
            controller.OnPodChanged,
            (old, pod) =>
            {
                if (ObjectMeta.ResourceVersion(old) == ObjectMeta.ResourceVersion(pod)) return;
                controller.OnPodChanged(old);
                controller.OnPodChanged(pod);
            },
            controller.OnPodChanged));
        revisionInformer.AddHandler(new InformerHandler(controller.OnRevisionChanged, (_, r) => controller.OnRevisionChanged(r), controller.OnRevisionChanged));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_sets.Get(key) is not { } stored) return;
        var set = (JsonObject)stored.DeepClone();
        var selector = LabelSelector.FromJson(set.At("spec", "selector"));
        if (selector.IsEmpty || selector.MatchesNothing) return;
        var candidates = _pods.List(ObjectMeta.Namespace(set)).Where(p => StatefulPods.IsMember(set, p));
        var pods = await OwnershipClaims.ClaimAsync(ResourceTypes.StatefulSet, set, selector, ResourceTypes.Pod, candidates, _control, cancellationToken);
        var history = new RevisionHistory(ResourceTypes.StatefulSet, RevisionData.HashLabel, _revisions, _control);
        await new StatefulSetSync(set, pods, history, _claims, _control, _events, Time.GetUtcNow(), delay => EnqueueAfter(key, delay), cancellationToken).RunAsync();
    }

    private JsonObject? OwnerOf(JsonObject obj)
    {
        if (OwnerReferences.Controller(obj) is not { } controllerRef || controllerRef.StringAt("kind") != "StatefulSet") return null;
        var set = _sets.Get(ObjectMeta.Namespace(obj), controllerRef.StringAt("name") ?? "");
        return set is not null && ObjectMeta.Uid(set) == controllerRef.StringAt("uid") ? set : null;
    }

    private void OnPodChanged(JsonObject pod)
    {
        if (OwnerOf(pod) is { } owner)
        {
            Enqueue(ObjectKeys.KeyOf(owner));
            var minReady = owner.LongAt("spec", "minReadySeconds") ?? 0;
            if (minReady > 0 && PodState.IsReady(pod)) EnqueueAfter(ObjectKeys.KeyOf(owner), TimeSpan.FromSeconds(minReady + 1));
            return;
        }
        if (OwnerReferences.Controller(pod) is not null) return;
        foreach (var set in _sets.List(ObjectMeta.Namespace(pod)))
        {
            if (StatefulPods.IsMember(set, pod) && LabelSelector.FromJson(set.At("spec", "selector")).MatchesObject(pod)) Enqueue(ObjectKeys.KeyOf(set));
        }
    }

    private void OnRevisionChanged(JsonObject revision)
    {
        if (OwnerOf(revision) is { } owner) Enqueue(ObjectKeys.KeyOf(owner));
    }
}
