using Microsoft.Extensions.Logging;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Nodes;

/// <summary>
/// The node lifecycle controller's NoSchedule pass (Kubernetes' doNoScheduleTaintingPass on its node update queue):
/// every node added or changed is synced, and its <see cref="ConditionTaints"/> written when they differ from what its
/// conditions and <c>spec.unschedulable</c> call for. The NoExecute taints, which evict, stay with
/// <see cref="NodeLifecycleController"/>'s monitor pass.
/// </summary>
public sealed class NodeConditionTaintController : QueueController
{
    private readonly Lister _nodes;
    private readonly IObjectControl _control;

    internal NodeConditionTaintController(Lister nodes, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("node-condition-taints", logger, time)
    {
        _nodes = nodes;
        _control = control;
    }

    public static NodeConditionTaintController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var nodes = informers.For(ResourceTypes.Node);
        var controller = new NodeConditionTaintController(nodes.Lister, control, logger, time);
        controller.WaitFor(nodes);
        // Every update, as Kubernetes enqueues them: a sync that finds the taints right reads the cache and writes nothing.
        nodes.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (_nodes.Get(key) is not { } node) return;
        var now = Time.GetUtcNow();
        await NodeTaintWrites.UpdateAsync(_control, node, n => ConditionTaints.Reconcile(n, now), cancellationToken);
    }
}
