using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;
using Obs.Controllers.Revisions;

namespace Obs.Controllers.DaemonSets;

/// <summary>
/// Runs DaemonSets (pkg/controller/daemon): one pod on every node that should run it, none
/// elsewhere, rolled to a new template within maxUnavailable (or maxSurge). Nodes joining, leaving
/// or changing labels and taints bring every DaemonSet to a sync.
/// </summary>
public sealed class DaemonSetController : QueueController
{
    private readonly Lister _daemonSets;
    private readonly Lister _pods;
    private readonly Lister _nodes;
    private readonly Lister _revisions;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _events;
    private readonly OwnedPodEvents _podEvents;

    internal DaemonSetController(Lister daemonSets, Lister pods, Lister nodes, Lister revisions, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("daemonset", logger, time)
    {
        _daemonSets = daemonSets;
        _pods = pods;
        _nodes = nodes;
        _revisions = revisions;
        _control = control;
        _events = new ControllerEvents(control, "daemonset-controller", ResourceTypes.DaemonSet);
        Expectations = new Expectations(Time);
        _podEvents = new OwnedPodEvents("DaemonSet", daemonSets, Expectations, this);
    }

    public Expectations Expectations { get; }

    public static DaemonSetController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var dsInformer = informers.For(ResourceTypes.DaemonSet);
        var podInformer = informers.For(ResourceTypes.Pod);
        var nodeInformer = informers.For(ResourceTypes.Node);
        var revisionInformer = informers.For(ResourceTypes.ControllerRevision);
        var controller = new DaemonSetController(dsInformer.Lister, podInformer.Lister, nodeInformer.Lister, revisionInformer.Lister, control, logger, time);
        controller.WaitFor(dsInformer, podInformer, nodeInformer, revisionInformer);
        dsInformer.AddHandler(new InformerHandler(
            ds => controller.Enqueue(ObjectKeys.KeyOf(ds)),
            (_, ds) => controller.Enqueue(ObjectKeys.KeyOf(ds)),
            ds =>
            {
                controller.Expectations.Forget(ObjectKeys.KeyOf(ds));
                controller.Enqueue(ObjectKeys.KeyOf(ds));
            }));
        podInformer.AddHandler(controller._podEvents.Handler);
        nodeInformer.AddHandler(new InformerHandler(
            _ => controller.EnqueueAll(),
            (old, node) =>
            {
                if (SchedulingChanged(old, node)) controller.EnqueueAll();
            },
            _ => controller.EnqueueAll()));
        revisionInformer.AddHandler(new InformerHandler(controller.OnRevisionChanged, (_, r) => controller.OnRevisionChanged(r), controller.OnRevisionChanged));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_daemonSets.Get(key) is not { } stored)
        {
            Expectations.Forget(key);
            return;
        }
        var ds = (JsonObject)stored.DeepClone();
        var selector = LabelSelector.FromJson(ds.At("spec", "selector"));
        if (selector.IsEmpty || selector.MatchesNothing) return;
        var pods = await OwnershipClaims.ClaimAsync(ResourceTypes.DaemonSet, ds, selector, ResourceTypes.Pod, _pods.List(ObjectMeta.Namespace(ds)), _control, cancellationToken);
        var history = new RevisionHistory(ResourceTypes.DaemonSet, RevisionData.PodRevisionLabel, _revisions, _control);
        await new DaemonSetSync(ds, key, pods, _nodes.List(), history, Expectations, _control, _events, Time.GetUtcNow(), delay => EnqueueAfter(key, delay), cancellationToken).RunAsync();
    }

    /// <summary>Only what decides where daemons run: heartbeats and status writes do not wake every DaemonSet.</summary>
    private static bool SchedulingChanged(JsonObject old, JsonObject node) =>
        !JsonNode.DeepEquals(old.At("metadata", "labels"), node.At("metadata", "labels"))
        || !JsonNode.DeepEquals(old.At("spec", "taints"), node.At("spec", "taints"))
        || old.BoolAt("spec", "unschedulable") != node.BoolAt("spec", "unschedulable");

    private void EnqueueAll()
    {
        foreach (var ds in _daemonSets.List()) Enqueue(ObjectKeys.KeyOf(ds));
    }

    private JsonObject? OwnerOf(JsonObject obj) => _podEvents.OwnerOf(obj);

    private void OnRevisionChanged(JsonObject revision)
    {
        if (OwnerOf(revision) is { } owner) Enqueue(ObjectKeys.KeyOf(owner));
    }
}
