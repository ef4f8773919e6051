using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Nodes;

/// <summary>
/// Watches node agents' heartbeats (pkg/controller/nodelifecycle): a node whose Lease and status
/// have not been renewed for the grace period gets its conditions set to Unknown and the
/// <c>node.kubernetes.io/unreachable:NoExecute</c> taint (a node reporting Ready=False gets <c>not-ready</c>); the
/// taint goes once it is Ready again. (The NoSchedule taints of the same conditions, which follow every node update,
/// are <see cref="NodeConditionTaintController"/>'s.) Pods on a node with a NoExecute taint
/// are deleted once their toleration runs out (at once without one; every pod gets 300 s for
/// these two by default), so their controllers replace them elsewhere.
/// </summary>
public sealed partial class NodeLifecycleController : IController
{
    private static readonly string[] AgentConditions = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    private readonly Lister _nodes;
    private readonly Lister _leases;
    private readonly Lister _pods;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _nodeEvents;
    private readonly ControllerEvents _evictionEvents;
    private readonly HashSet<string> _known = [];
    private readonly NodeLifecycleOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<Informer> _informers = [];

    internal NodeLifecycleController(Lister nodes, Lister leases, Lister pods, IObjectControl control, NodeLifecycleOptions options, ILogger logger, TimeProvider? time = null)
    {
        _nodes = nodes;
        _leases = leases;
        _pods = pods;
        _control = control;
        _nodeEvents = new ControllerEvents(control, "node-controller", ResourceTypes.Node);
        // Kubernetes moved evictions into their own controller (1.29), which names itself so in events.
        _evictionEvents = new ControllerEvents(control, "taint-eviction-controller", ResourceTypes.Pod);
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public string Name => "nodelifecycle";

    public static NodeLifecycleController Create(SharedInformers informers, IObjectControl control, NodeLifecycleOptions options, ILogger logger, TimeProvider? time = null)
    {
        var nodes = informers.For(ResourceTypes.Node);
        var leases = informers.For(ResourceTypes.Lease);
        var pods = informers.For(ResourceTypes.Pod);
        var controller = new NodeLifecycleController(nodes.Lister, leases.Lister, pods.Lister, control, options, logger, time);
        controller._informers.AddRange([nodes, leases, pods]);
        return controller;
    }

    public async Task RunAsync(int workers, CancellationToken cancellationToken)
    {
        foreach (var informer in _informers) await informer.WaitForSyncAsync(cancellationToken);
        using var timer = new PeriodicTimer(_options.MonitorPeriod, _time);
        do
        {
            try
            {
                await MonitorAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogMonitorFailed(_logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One pass over every node: conditions, taints, then evictions.</summary>
    public async Task MonitorAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var listedNodes = _nodes.List();
        RecordRegistrations(listedNodes);
        foreach (var listed in listedNodes)
        {
            var node = (JsonObject)listed.DeepClone();
            var name = ObjectMeta.Name(node) ?? "";
            if (now - LastHeartbeat(node) > _options.GracePeriod && ReadyStatus(node) != "Unknown")
            {
                var wasReady = ReadyStatus(node) == "True";
                MarkUnknown(node, now);
                node = await _control.UpdateStatusAsync(ResourceTypes.Node, node, cancellationToken);
                LogUnreachable(_logger, name, (long)_options.GracePeriod.TotalSeconds);
                if (wasReady) _nodeEvents.Normal(node, "NodeNotReady", $"Node {name} status is now: NodeNotReady");
            }
            if (await NodeTaintWrites.UpdateAsync(_control, node, n => ReconcileTaints(n, now), cancellationToken) is not { } tainted) continue;
            await EvictAsync(tainted, now, cancellationToken);
        }
    }

    /// <summary>Nodes this controller sees for the first time, or no longer sees, as kube-controller-manager reports them.</summary>
    private void RecordRegistrations(IReadOnlyCollection<JsonObject> nodes)
    {
        var names = new HashSet<string>();
        foreach (var node in nodes)
        {
            var name = ObjectMeta.Name(node) ?? "";
            names.Add(name);
            if (_known.Add(name)) _nodeEvents.Normal(node, "RegisteredNode", $"Node {name} event: Registered Node {name} in Controller");
        }
        foreach (var gone in _known.Where(n => !names.Contains(n)).ToList())
        {
            _known.Remove(gone);
            _nodeEvents.Normal(new JsonObject { ["metadata"] = new JsonObject { ["name"] = gone } }, "RemovingNode", $"Node {gone} event: Removing Node {gone} from Controller");
        }
    }

    private DateTimeOffset LastHeartbeat(JsonObject node)
    {
        var latest = Time(node.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;
        if (Time(Condition(node, "Ready")?.StringAt("lastHeartbeatTime")) is { } posted && posted > latest) latest = posted;
        var lease = _leases.Get("kube-node-lease", ObjectMeta.Name(node) ?? "");
        if (Time(lease.StringAt("spec", "renewTime")) is { } renewed && renewed > latest) latest = renewed;
        return latest;
    }

    private static void MarkUnknown(JsonObject node, DateTimeOffset now)
    {
        var status = node.Ensure("status");
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
        var stamp = Timestamps.Format(now);
        foreach (var type in AgentConditions)
        {
            var condition = Condition(node, type);
            if (condition is null)
            {
                condition = new JsonObject { ["type"] = type, ["lastHeartbeatTime"] = stamp };
                conditions.Add(condition);
            }
            if (condition.StringAt("status") != "Unknown") condition["lastTransitionTime"] = stamp;
            condition["status"] = "Unknown";
            condition["reason"] = "NodeStatusUnknown";
            condition["message"] = "Kubelet stopped posting node status.";
        }
    }

    /// <summary>
    /// Puts on the NoExecute taint the Ready condition calls for (it evicts) and takes off that of the other state;
    /// true when the taints changed. The NoSchedule ones are <see cref="NodeConditionTaintController"/>'s.
    /// </summary>
    private static bool ReconcileTaints(JsonObject node, DateTimeOffset now) =>
        NodeTaints.Swap(node, WellKnownTaints.NoExecute, NodeTaints.ReadyTaints, NodeTaints.For(ReadyStatus(node)) is { } wanted ? [wanted] : [], now);

    private async Task EvictAsync(JsonObject node, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var taints = NodeTaints.NoExecuteTaints(node).ToList();
        if (taints.Count == 0) return;
        var name = ObjectMeta.Name(node);
        foreach (var pod in _pods.List().Where(p => p.StringAt("spec", "nodeName") == name && ObjectMeta.DeletionTimestamp(p) is null))
        {
            var due = taints.Any(taint =>
                NodeTaints.Tolerated(pod, taint) is { } tolerated && (Time(taint.StringAt("timeAdded")) ?? now) + tolerated <= now);
            if (!due) continue;
            _evictionEvents.Normal(pod, "TaintManagerEviction", $"Marking for deletion Pod {ObjectMeta.Namespace(pod)}/{ObjectMeta.Name(pod)}");
            await _control.DeleteAsync(ResourceTypes.Pod, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod) ?? "", ObjectMeta.Uid(pod), null, cancellationToken);
            LogEvicted(_logger, ObjectMeta.Namespace(pod) ?? "", ObjectMeta.Name(pod) ?? "", name ?? "");
        }
    }

    private static string? ReadyStatus(JsonObject node) => Condition(node, "Ready")?.StringAt("status");

    private static JsonObject? Condition(JsonObject node, string type) =>
        (node.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "node {Node} has not been heard from for {Seconds} s: conditions Unknown, tainted unreachable")]
    private static partial void LogUnreachable(ILogger logger, string node, long seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "evicting pod {Namespace}/{Pod} from tainted node {Node}")]
    private static partial void LogEvicted(ILogger logger, string @namespace, string pod, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "node monitor pass failed: {Error}")]
    private static partial void LogMonitorFailed(ILogger logger, string error);
}
