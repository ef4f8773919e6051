using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Deployments;

/// <summary>
/// Rolls Deployments out through ReplicaSets (pkg/controller/deployment): one ReplicaSet per pod
/// template, labelled with its <c>pod-template-hash</c>; RollingUpdate and Recreate; proportional
/// scaling; revisions, history cleanup, pause, and the Progressing and Available conditions.
/// </summary>
public sealed class DeploymentController : QueueController
{
    private readonly Lister _deployments;
    private readonly Lister _replicaSets;
    private readonly Lister _pods;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _events;

    internal DeploymentController(Lister deployments, Lister replicaSets, Lister pods, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("deployment", logger, time)
    {
        _deployments = deployments;
        _replicaSets = replicaSets;
        _pods = pods;
        _control = control;
        _events = new ControllerEvents(control, "deployment-controller", ResourceTypes.Deployment);
    }

    public static DeploymentController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var dInformer = informers.For(ResourceTypes.Deployment);
        var rsInformer = informers.For(ResourceTypes.ReplicaSet);
        var podInformer = informers.For(ResourceTypes.Pod);
        var controller = new DeploymentController(dInformer.Lister, rsInformer.Lister, podInformer.Lister, control, logger, time);
        controller.WaitFor(dInformer, rsInformer, podInformer);
        dInformer.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        rsInformer.AddHandler(new InformerHandler(
            controller.OnReplicaSetChanged,
            (old, rs) =>
            {
                controller.OnReplicaSetChanged(old);
                controller.OnReplicaSetChanged(rs);
            },
            controller.OnReplicaSetChanged));
        podInformer.AddHandler(new InformerHandler(onDelete: controller.OnPodDeleted));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var stored = _deployments.Get(key);
        if (stored is null) return;
        var d = (JsonObject)stored.DeepClone();
        var selector = LabelSelector.FromJson(d.At("spec", "selector"));
        if (selector.IsEmpty)
        {
            // A Deployment selecting everything would fight every other controller: only note that it was seen.
            if ((d.LongAt("status", "observedGeneration") ?? 0) < ObjectMeta.Generation(d))
            {
                d.Ensure("status")["observedGeneration"] = ObjectMeta.Generation(d);
                await _control.UpdateStatusAsync(ResourceTypes.Deployment, d, cancellationToken);
            }
            return;
        }
        var candidates = _replicaSets.List(ObjectMeta.Namespace(d));
        var sets = await OwnershipClaims.ClaimAsync(ResourceTypes.Deployment, d, selector, ResourceTypes.ReplicaSet, candidates, _control, cancellationToken);
        var rollout = new DeploymentRollout(d, sets, uid => _pods.ByIndex(SharedInformers.ByControllerUid, uid), _control, _events, Time.GetUtcNow(),
            delay => EnqueueAfter(key, delay), cancellationToken);
        await rollout.RunAsync();
    }

    private JsonObject? OwnerOf(JsonObject rs)
    {
        if (OwnerReferences.Controller(rs) is not { } controllerRef || controllerRef.StringAt("kind") != "Deployment") return null;
        var d = _deployments.Get(ObjectMeta.Namespace(rs), controllerRef.StringAt("name") ?? "");
        return d is not null && ObjectMeta.Uid(d) == controllerRef.StringAt("uid") ? d : null;
    }

    private void OnReplicaSetChanged(JsonObject rs)
    {
        if (OwnerOf(rs) is { } owner)
        {
            Enqueue(ObjectKeys.KeyOf(owner));
            return;
        }
        if (OwnerReferences.Controller(rs) is not null) return;
        foreach (var d in _deployments.List(ObjectMeta.Namespace(rs)))
        {
            if (LabelSelector.FromJson(d.At("spec", "selector")) is { IsEmpty: false } selector && selector.MatchesObject(rs)) Enqueue(ObjectKeys.KeyOf(d));
        }
    }

    /// <summary>A Recreate rollout waits for the old pods to be gone: their deletion moves it on.</summary>
    private void OnPodDeleted(JsonObject pod)
    {
        if (OwnerReferences.Controller(pod) is not { } rsRef || rsRef.StringAt("kind") != "ReplicaSet") return;
        var rs = _replicaSets.Get(ObjectMeta.Namespace(pod), rsRef.StringAt("name") ?? "");
        if (rs is not null && OwnerOf(rs) is { } d && d.StringAt("spec", "strategy", "type") == "Recreate") Enqueue(ObjectKeys.KeyOf(d));
    }
}
