using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Queues;
using Obs.Client.Rest;
using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Hollow;

/// <summary>
/// N hollow nodes in one process (<c>obs agent --hollow N</c>), as Kubernetes' kubemark runs
/// hollow kubelets: each registers a Node, renews its Lease and reports pods bound to it as
/// Running through a fake runtime; the API traffic is real, nothing runs. To scale to thousands
/// of nodes in one process everything is shared: one API client, one pod informer for all nodes
/// (bound pods, filtered here by node name), one work queue with a few workers, and one loop
/// that serves every node's heartbeats from a single schedule.
/// </summary>
public sealed class HollowNodeSet : IAsyncDisposable
{
    private readonly HollowOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, HollowNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<HollowNode> _ordered = [];
    private readonly HeartbeatSchedule _schedule = new();
    private readonly SemaphoreSlim _inFlight;
    private readonly ApiClient _client;
    private readonly Informer _pods;
    private readonly WorkQueue<string> _queue;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private HollowNodeSet(HollowOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _inFlight = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentRequests));
        _client = new ApiClient(options.Cluster, new ApiClientOptions { Qps = options.Qps, Burst = options.Burst, UserAgent = "obs-hollow-node", TimeProvider = options.Time });
        for (var i = 0; i < options.Count; i++)
        {
            var node = new HollowNode(options.NamePrefix + i, i);
            _nodes[node.Name] = node;
            _ordered.Add(node);
        }
        _queue = new WorkQueue<string>(time: options.Time);
        // Every bound pod in the cluster: one watch for all hollow nodes, not one per node.
        _pods = new Informer(_client, ResourceTypes.Pod, new InformerOptions { FieldSelector = "spec.nodeName!=", TimeProvider = options.Time }, logger);
        _pods.AddHandler(new InformerHandler(Enqueue, (_, pod) => Enqueue(pod)));
    }

    public IReadOnlyList<string> NodeNames => _ordered.Select(n => n.Name).ToList();

    /// <summary>Registers every node (Node, status, Lease), then starts the heartbeats and the pod informer; returns once it has synced.</summary>
    public static async Task<HollowNodeSet> StartAsync(HollowOptions options, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var set = new HollowNodeSet(options, logger ?? NullLogger.Instance);
        await set.StartCoreAsync(cancellationToken);
        return set;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(_ordered, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.MaxConcurrentRequests), CancellationToken = cancellationToken },
            async (node, ct) => await RegisterAsync(node, ct));
        var now = _options.Time.GetUtcNow();
        _schedule.Spread(_ordered, HeartbeatKind.Lease, now, _options.LeaseRenewInterval);
        _schedule.Spread(_ordered, HeartbeatKind.Status, now, _options.StatusReportInterval);
        var token = _stop.Token;
        _running = Task.WhenAll(
            Task.Run(() => HeartbeatLoopAsync(token), CancellationToken.None),
            Task.Run(() => _pods.RunAsync(token), CancellationToken.None),
            Task.Run(() => QueueWorkers.RunAsync(_queue, _options.PodWorkers, SyncPodAsync, token, _logger), CancellationToken.None));
        await _pods.WaitForSyncAsync(cancellationToken);
    }

    private async Task RegisterAsync(HollowNode node, CancellationToken cancellationToken)
    {
        node.RegisteredAt = _options.Time.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                JsonObject written;
                try
                {
                    written = await _client.CreateAsync(ResourceTypes.Node, HollowNodeStatus.Node(node), null, cancellationToken);
                }
                catch (ApiException e) when (e.IsAlreadyExists)
                {
                    // A restarted hollow process takes its nodes back.
                    written = await _client.GetAsync(ResourceTypes.Node, null, node.Name, cancellationToken);
                    var labels = written.Ensure("metadata", "labels");
                    foreach (var (key, value) in HollowNodeStatus.Labels(node)) labels[key] = value?.DeepClone();
                    written = await _client.UpdateAsync(ResourceTypes.Node, written, null, cancellationToken);
                }
                written["status"] = HollowNodeStatus.Status(_options, node, node.RegisteredAt, node.RegisteredAt);
                await _client.UpdateStatusAsync(ResourceTypes.Node, written, null, cancellationToken);
                await RenewLeaseAsync(node, cancellationToken);
                return;
            }
            catch (ApiException e) when (e.IsConflict && attempt < 5)
            {
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        var time = _options.Time;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var (node, kind) in _schedule.TakeDue(time.GetUtcNow()))
                {
                    await _inFlight.WaitAsync(cancellationToken);
                    _ = BeatAsync(node, kind, cancellationToken);
                }
                var wait = (_schedule.NextDue ?? time.GetUtcNow() + TimeSpan.FromSeconds(1)) - time.GetUtcNow();
                wait = wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
                await Task.Delay(wait, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task BeatAsync(HollowNode node, HeartbeatKind kind, CancellationToken cancellationToken)
    {
        var interval = kind == HeartbeatKind.Lease ? _options.LeaseRenewInterval : _options.StatusReportInterval;
        try
        {
            if (kind == HeartbeatKind.Lease) await RenewLeaseAsync(node, cancellationToken);
            else await ReportStatusAsync(node, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or TaskCanceledException)
        {
            _logger.LogWarning(e, "hollow node {Node}: {Kind} failed; retrying at the next beat", node.Name, kind);
        }
        finally
        {
            _inFlight.Release();
        }
        _schedule.Add(node, kind, _options.Time.GetUtcNow() + interval);
    }

    /// <summary>A merge patch of the renew time: one request, no read, nothing kept per node.</summary>
    private async Task RenewLeaseAsync(HollowNode node, CancellationToken cancellationToken)
    {
        var spec = new JsonObject
        {
            ["holderIdentity"] = node.Name,
            ["leaseDurationSeconds"] = _options.LeaseDurationSeconds,
            ["renewTime"] = NodeHeartbeat.MicroTime(_options.Time.GetUtcNow()),
        };
        try
        {
            await _client.PatchAsync(ResourceTypes.Lease, "kube-node-lease", node.Name, PatchType.Merge, new JsonObject { ["spec"] = spec }, null, null, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            await _client.CreateAsync(ResourceTypes.Lease, new JsonObject
            {
                ["apiVersion"] = "coordination.k8s.io/v1",
                ["kind"] = "Lease",
                ["metadata"] = new JsonObject { ["name"] = node.Name, ["namespace"] = "kube-node-lease" },
                ["spec"] = spec.DeepClone(),
            }, null, cancellationToken);
        }
    }

    private Task ReportStatusAsync(HollowNode node, CancellationToken cancellationToken)
    {
        var patch = new JsonObject { ["status"] = new JsonObject { ["conditions"] = HollowNodeStatus.Conditions(_options.Time.GetUtcNow(), node.RegisteredAt) } };
        return _client.PatchAsync(ResourceTypes.Node, null, node.Name, PatchType.Merge, patch, null, "status", cancellationToken);
    }

    private void Enqueue(JsonObject pod)
    {
        if (pod.StringAt("spec", "nodeName") is { } nodeName && _nodes.ContainsKey(nodeName)) _queue.Add(ObjectKeys.KeyOf(pod));
    }

    /// <summary>
    /// The fake runtime: a pod bound to one of our nodes is Running and Ready at once; one being
    /// deleted has no processes to stop, so its deletion completes at once; a finished one is left alone.
    /// </summary>
    private async Task SyncPodAsync(string key, CancellationToken cancellationToken)
    {
        var pod = _pods.Store.Get(key);
        if (pod is null || pod.StringAt("spec", "nodeName") is not { } nodeName || !_nodes.TryGetValue(nodeName, out var node)) return;
        var (ns, name) = (ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!);
        if (ObjectMeta.DeletionTimestamp(pod) is not null)
        {
            try
            {
                await _client.DeleteAsync(ResourceTypes.Pod, ns, name, new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = ObjectMeta.Uid(pod) }, cancellationToken);
            }
            catch (ApiException e) when (e.IsNotFound || e.IsConflict)
            {
            }
            return;
        }
        if (pod.StringAt("status", "phase") is "Succeeded" or "Failed" || HollowPodStatus.IsReported(pod)) return;
        var podIp = pod.StringAt("status", "podIP") is { Length: > 0 } ip ? ip : node.NextPodIp();
        var copy = (JsonObject)pod.DeepClone();
        copy["status"] = HollowPodStatus.Running(pod, node.Address, podIp, _options.Time.GetUtcNow());
        try
        {
            await _client.UpdateStatusAsync(ResourceTypes.Pod, copy, null, cancellationToken);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _running; } catch (OperationCanceledException) { }
        _queue.Dispose();
        _client.Dispose();
        _inFlight.Dispose();
    }
}
