using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Scheduler.Cache;
using Obs.Scheduler.Framework;
using Obs.Scheduler.Hosting;
using Obs.Scheduler.Plugins;
using Obs.Scheduler.Queue;

namespace Obs.Scheduler.Scheduling;

/// <summary>
/// The scheduler: informers on pods and nodes feed the cache and the queue; one loop pops a pod,
/// schedules it against a snapshot, assumes it on the chosen node and binds it in the background
/// (a failed binding un-assumes and requeues it). A pod no node fits gets PodScheduled=False with
/// kube-scheduler's message and a FailedScheduling event, and waits for the cluster to change.
/// </summary>
public sealed class PodScheduler : IDisposable
{
    private readonly ApiClient _client;
    private readonly SchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly SchedulingAlgorithm _algorithm;
    private readonly Snapshot _snapshot = new();
    private readonly ApiClient _eventClient;
    private readonly EventRecorder _events;
    private readonly SemaphoreSlim _binds;
    private long _scheduled;
    private long _unschedulable;

    public PodScheduler(ApiClient client, SchedulerOptions? options = null, ILogger? logger = null)
    {
        _client = client;
        _options = options ?? new SchedulerOptions();
        _logger = logger ?? NullLogger.Instance;
        Claims = new Informer(client, ResourceTypes.PersistentVolumeClaim, null, _logger);
        Volumes = new Informer(client, ResourceTypes.PersistentVolume, null, _logger);
        Classes = new Informer(client, ResourceTypes.StorageClass, null, _logger);
        var volumes = new VolumeBinding((ns, name) => Claims.Lister.Get(ns, name), name => Volumes.Lister.Get(null, name), name => Classes.Lister.Get(null, name));
        _algorithm = new SchedulingAlgorithm(DefaultPlugins.Filters(volumes), DefaultPlugins.Scores(), _options.PercentageOfNodesToScore, _options.Parallelism);
        // Events have a client and a rate budget of their own, as kube-scheduler's event client: a
        // burst of Scheduled events waits (or is dropped) instead of holding back bindings.
        _eventClient = new ApiClient(client.Connection, new ApiClientOptions { Qps = _options.EventQps, Burst = _options.EventBurst, UserAgent = "obs-scheduler" });
        _events = new EventRecorder(_eventClient, _options.Identity, _options.TimeProvider, _logger);
        _binds = new SemaphoreSlim(_options.MaxConcurrentBinds);
        Cache = new SchedulerCache();
        Queue = new SchedulingQueue(_options.Queue);
        // The scheduler reads a small part of each pod and node: the pod informer keeps only the
        // PodInfo read from each version, the node informer compact copies.
        Pods = new Informer<PodInfo>(client, ResourceTypes.Pod, static pod => new PodInfo(pod),
            new InformerOptions { FieldSelector = "status.phase!=Succeeded,status.phase!=Failed" }, _logger);
        Nodes = new Informer(client, ResourceTypes.Node, new InformerOptions { Transform = CompactObjects.Node }, _logger);
        Pods.AddHandler(new InformerHandler<PodInfo>(OnPodAdded, OnPodUpdated, OnPodDeleted));
        Nodes.AddHandler(new InformerHandler(OnNodeAdded, OnNodeUpdated, OnNodeDeleted));
        // A claim created or bound, a volume appearing: pods waiting on them may fit now.
        var storageChanged = new InformerHandler(_ => Queue.MoveAllToActiveOrBackoff(), (_, _) => Queue.MoveAllToActiveOrBackoff(), null);
        Claims.AddHandler(storageChanged);
        Volumes.AddHandler(storageChanged);
    }

    public SchedulerCache Cache { get; }
    public SchedulingQueue Queue { get; }
    public Informer<PodInfo> Pods { get; }
    public Informer Nodes { get; }
    public Informer Claims { get; }
    public Informer Volumes { get; }
    public Informer Classes { get; }

    /// <summary>Pods bound so far.</summary>
    public long ScheduledCount => Interlocked.Read(ref _scheduled);

    /// <summary>Attempts that found no node.</summary>
    public long UnschedulableCount => Interlocked.Read(ref _unschedulable);

    /// <summary>Runs informers, the event writer and the scheduling loop until cancelled; waits for bindings in flight before returning.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var informers = new[] { Pods.RunAsync(stop.Token), Nodes.RunAsync(stop.Token), Claims.RunAsync(stop.Token), Volumes.RunAsync(stop.Token), Classes.RunAsync(stop.Token) };
        var events = _events.RunAsync(stop.Token);
        try
        {
            await Task.WhenAll(Pods.WaitForSyncAsync(stop.Token), Nodes.WaitForSyncAsync(stop.Token), Claims.WaitForSyncAsync(stop.Token), Volumes.WaitForSyncAsync(stop.Token), Classes.WaitForSyncAsync(stop.Token));
            ListedHeap.Compact();
            SchedulerLog.Started(_logger, _options.SchedulerName, Cache.NodeCount, Queue.ActiveCount);
            while (!stop.IsCancellationRequested)
            {
                await _binds.WaitAsync(stop.Token);
                QueuedPod? next;
                try
                {
                    next = await Queue.PopAsync(stop.Token);
                }
                catch
                {
                    _binds.Release();
                    throw;
                }
                if (next is null)
                {
                    _binds.Release();
                    break;
                }
                await ScheduleOneAsync(next, stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            Queue.Close();
            // Let bindings in flight finish or fail, so the cache and the cluster agree on exit.
            for (var i = 0; i < _options.MaxConcurrentBinds; i++) await _binds.WaitAsync(CancellationToken.None);
            _binds.Release(_options.MaxConcurrentBinds);
            await stop.CancelAsync();
            await Task.WhenAll(informers.Append(events).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>Holds one bind slot, released when the binding (or the failure write) is done.</summary>
    private async Task ScheduleOneAsync(QueuedPod queued, CancellationToken cancellationToken)
    {
        var pod = queued.Pod;
        try
        {
            if (pod.IsTerminating || pod.NodeName.Length > 0 || Cache.IsPlaced(pod.Key))
            {
                Queue.Done(pod.Key);
                _binds.Release();
                return;
            }
            Cache.UpdateSnapshot(_snapshot);
            var result = _algorithm.Schedule(pod, _snapshot);
            if (result.Node is not { } node)
            {
                Interlocked.Increment(ref _unschedulable);
                Queue.AddUnschedulable(queued);
                var message = result.Error!.Message;
                if (pod.PreemptionPolicy != "Never" && pod.Priority > 0)
                {
                    var preemption = PreemptionUnderway(pod) ? null : _algorithm.FindPreemption(pod, _snapshot);
                    if (preemption is not null) await PreemptAsync(pod, preemption, cancellationToken);
                    if (preemption is not null || PreemptionUnderway(pod))
                        message = new FitError(result.Error.AllNodes, result.Error.Reasons, null, null, result.Error.PodRejection).Message;
                }
                SchedulerLog.Unschedulable(_logger, pod.Key, message);
                Record(pod, EventTypes.Warning, "FailedScheduling", message);
                // Written before the next pod is tried, so a later binding of this pod cannot be overtaken by it.
                await UpdateConditionAsync(pod, message, cancellationToken);
                return;
            }
            Cache.Assume(pod, node);
            Queue.Done(pod.Key);
            SchedulerLog.Bound(_logger, pod.Key, node, result.FeasibleNodes, result.EvaluatedNodes);
            _ = Task.Run(() => BindAsync(queued, pod, node, cancellationToken), CancellationToken.None);
        }
        catch (Exception e)
        {
            SchedulerLog.ScheduleThrew(_logger, pod.Key, e);
            Cache.Forget(pod.Key);
            Queue.AddBackoff(queued);
            _binds.Release();
        }
    }

    private async Task BindAsync(QueuedPod queued, PodInfo pod, string node, CancellationToken cancellationToken)
    {
        try
        {
            await SelectNodeForClaimsAsync(pod, node, cancellationToken);
            await _client.BindAsync(pod.Namespace, pod.Name, node, cancellationToken);
            Interlocked.Increment(ref _scheduled);
            // The apiserver's binding also sets PodScheduled=True, as Kubernetes' does.
            Record(pod, EventTypes.Normal, "Scheduled", $"Successfully assigned {pod.Namespace}/{pod.Name} to {node}");
        }
        catch (Exception e)
        {
            // Whatever went wrong, the pod must leave the node it was assumed on and be retried.
            Cache.Forget(pod.Key);
            SchedulerLog.BindFailed(_logger, pod.Key, node, e.Message);
            if (e is ApiException { Code: 404 }) return; // the pod is gone
            if (e is ApiException { Code: 409 } && e.Message.Contains("already assigned", StringComparison.Ordinal)) return; // bound by someone else: the informer brings it
            // The node's share is free again: pods waiting for room may fit now.
            Queue.MoveAllToActiveOrBackoff();
            if (cancellationToken.IsCancellationRequested) return;
            Queue.AddBackoff(queued);
            Record(pod, EventTypes.Warning, "FailedScheduling", $"Binding rejected: {e.Message}");
        }
        finally
        {
            _binds.Release();
        }
    }

    /// <summary>The pod already nominated a node where pods it preempted are still terminating: wait for them rather than preempt more.</summary>
    private bool PreemptionUnderway(PodInfo pod)
    {
        if (pod.NominatedNodeName is not { Length: > 0 } nominated || _snapshot.Get(nominated) is not { } node) return false;
        foreach (var existing in node.Pods)
            if (existing.IsTerminating && existing.Priority < pod.Priority) return true;
        return false;
    }

    /// <summary>Deletes the victims (gracefully, as Kubernetes does) and nominates the node on the preemptor's status.</summary>
    private async Task PreemptAsync(PodInfo pod, Preemption preemption, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var victim in preemption.Victims)
            {
                Record(victim, EventTypes.Normal, "Preempted", $"Preempted by pod {pod.Uid} on node {preemption.Node}");
                try
                {
                    await _client.DeleteAsync(ResourceTypes.Pod, victim.Namespace, victim.Name, null, cancellationToken);
                }
                catch (ApiException e) when (e.Code == 404)
                {
                }
            }
            var patch = new JsonObject { ["status"] = new JsonObject { ["nominatedNodeName"] = preemption.Node } };
            var updated = await _client.PatchAsync(ResourceTypes.Pod, pod.Namespace, pod.Name, PatchType.Merge, patch, subresource: "status", cancellationToken: cancellationToken);
            Queue.Refresh(new PodInfo(updated));
        }
        catch (Exception e)
        {
            SchedulerLog.StatusFailed(_logger, pod.Key, "preemption: " + e.Message);
        }
    }

    /// <summary>Unbound claims learn the chosen node, so that a WaitForFirstConsumer provisioner makes the volume there.</summary>
    private async Task SelectNodeForClaimsAsync(PodInfo pod, string node, CancellationToken cancellationToken)
    {
        foreach (var name in pod.ClaimNames)
        {
            var claim = Claims.Lister.Get(pod.Namespace, name);
            if (claim is null || claim.StringAt("spec", "volumeName") is { Length: > 0 }) continue;
            if (claim.StringAt("metadata", "annotations", VolumeBinding.SelectedNodeAnnotation) == node) continue;
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [VolumeBinding.SelectedNodeAnnotation] = node } } };
            await _client.PatchAsync(ResourceTypes.PersistentVolumeClaim, pod.Namespace, name, PatchType.Merge, patch, cancellationToken: cancellationToken);
        }
    }

    private async Task UpdateConditionAsync(PodInfo pod, string message, CancellationToken cancellationToken)
    {
        try
        {
            if (pod.UnschedulableMessage == message) return;
            await WriteUnschedulableAsync(pod, message, cancellationToken);
        }
        catch (Exception e)
        {
            SchedulerLog.StatusFailed(_logger, pod.Key, e.Message);
        }
        finally
        {
            _binds.Release();
        }
    }

    private Task WriteUnschedulableAsync(PodInfo pod, string message, CancellationToken cancellationToken)
    {
        var now = _options.TimeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var condition = new JsonObject
        {
            ["type"] = "PodScheduled", ["status"] = "False", ["lastProbeTime"] = null, ["lastTransitionTime"] = now,
            ["reason"] = "Unschedulable", ["message"] = message,
        };
        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(condition) } };
        return _client.PatchAsync(ResourceTypes.Pod, pod.Namespace, pod.Name, PatchType.StrategicMerge, patch, subresource: "status", cancellationToken: cancellationToken);
    }

    private void Record(PodInfo pod, string type, string reason, string message) =>
        _events.Record(_options.SchedulerName, new InvolvedObject("v1", "Pod", pod.Namespace, pod.Name, pod.Uid) { ResourceVersion = pod.ResourceVersion }, type, reason, message);

    private bool Responsible(PodInfo pod) => pod.SchedulerName == _options.SchedulerName;

    private void OnPodAdded(PodInfo pod)
    {
        if (pod.IsFinished) return;
        if (pod.NodeName.Length > 0)
        {
            Cache.AddOrUpdatePod(pod);
            Queue.Delete(pod.Key);
        }
        else if (Responsible(pod) && !pod.IsTerminating && !pod.IsGated && !Cache.IsAssumed(pod.Key))
        {
            Queue.Add(pod);
        }
    }

    private void OnPodUpdated(PodInfo old, PodInfo pod)
    {
        if (pod.IsFinished)
        {
            // A finished pod holds nothing on its node any more.
            Queue.Delete(pod.Key);
            if (Cache.IsPlaced(pod.Key))
            {
                Cache.RemovePod(pod.Key);
                Queue.MoveAllToActiveOrBackoff();
            }
            return;
        }
        if (pod.NodeName.Length > 0)
        {
            // Our own binding coming back (once for every pod placed) confirms the assumed pod here.
            Cache.AddOrUpdatePod(pod);
            Queue.Delete(pod.Key);
            if (old.NodeName.Length > 0 && !StringMapComparer.Instance.Equals(old.Labels, pod.Labels))
                Queue.MoveAllToActiveOrBackoff(); // affinity to it may now hold
            return;
        }
        if (!Responsible(pod) || Cache.IsAssumed(pod.Key)) return;
        // A gated pod waits outside the queue (kube-scheduler's PreEnqueue check); removing its last
        // gate is a spec change, which brings it back here and into the queue.
        if (pod.IsTerminating || pod.IsGated)
        {
            Queue.Delete(pod.Key);
            return;
        }
        // Our own status write changes only status: retrying on it would loop.
        if (old.Fingerprint != pod.Fingerprint) Queue.Add(pod);
        else if (Queue.Contains(pod.Key)) Queue.Refresh(pod);
        else Queue.Add(pod);
    }

    private void OnPodDeleted(PodInfo pod)
    {
        var key = pod.Key;
        Queue.Delete(key);
        if (!Cache.IsPlaced(key)) return;
        Cache.RemovePod(key);
        Queue.MoveAllToActiveOrBackoff();
    }

    private void OnNodeAdded(JsonObject node)
    {
        Cache.AddOrUpdateNode(node);
        Queue.MoveAllToActiveOrBackoff();
    }

    private void OnNodeUpdated(JsonObject oldNode, JsonObject newNode)
    {
        Cache.AddOrUpdateNode(newNode);
        if (NodeSchedulingChanged(oldNode.DeepClone().AsObject(), newNode.DeepClone().AsObject())) Queue.MoveAllToActiveOrBackoff();
    }

    /// <summary>Heartbeats change a node's status every few seconds; only what filters read should wake waiting pods.</summary>
    private static bool NodeSchedulingChanged(JsonObject oldNode, JsonObject newNode) =>
        !JsonNode.DeepEquals(oldNode["spec"], newNode["spec"])
        || !JsonNode.DeepEquals(oldNode.At("metadata", "labels"), newNode.At("metadata", "labels"))
        || !JsonNode.DeepEquals(oldNode.At("status", "allocatable"), newNode.At("status", "allocatable"))
        || ReadyStatus(oldNode) != ReadyStatus(newNode);

    private static string? ReadyStatus(JsonObject node)
    {
        if (node.At("status", "conditions") is not JsonArray conditions) return null;
        foreach (var condition in conditions)
            if (condition.StringAt("type") == "Ready") return condition.StringAt("status");
        return null;
    }

    private void OnNodeDeleted(JsonObject node) => Cache.RemoveNode(ObjectMeta.Name(node) ?? "");

    public void Dispose()
    {
        Queue.Dispose();
        _binds.Dispose();
        _eventClient.Dispose();
    }
}
