using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;

namespace Obs.NodeAgent.StaticPods;

/// <summary>
/// Runs the pods of the manifest directory and shows each in the API as a mirror pod, as the
/// kubelet's file source and mirror client do. Level-triggered: every pass (each check interval,
/// or when a mirror pod of this node changes) reads the directory, starts the pods that are new,
/// stops those whose file went or changed (a changed file is a new pod: its hash is its UID), and
/// then makes the mirror pods match: one per static pod, annotated with its hash and owned by the
/// Node; a stale one, or one being deleted through the API, is removed and created afresh while
/// the static pod runs on. The pods themselves never wait for the apiserver.
/// </summary>
internal sealed class StaticPodRunner
{
    private readonly PodWorkers _pods;
    private readonly ApiClient _client;
    private readonly string _nodeName;
    private readonly string _directory;
    private readonly TimeSpan _checkInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, StaticPod> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private string? _nodeUid;

    public StaticPodRunner(PodWorkers pods, ApiClient client, string nodeName, string directory, TimeSpan checkInterval, TimeProvider time, ILogger logger)
    {
        _pods = pods;
        _client = client;
        _nodeName = nodeName;
        _directory = directory;
        _checkInterval = checkInterval;
        _time = time;
        _logger = logger;
        pods.Informer.AddHandler(new InformerHandler(Changed, (_, pod) => Changed(pod), Changed));
    }

    public string Directory => _directory;

    /// <summary>The static pods running now, by UID.</summary>
    public IReadOnlyCollection<StaticPod> Running
    {
        get { lock (_running) return [.. _running.Values]; }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = _checkInterval;
            try
            {
                if (!await SyncAsync(cancellationToken)) next = TimeSpan.FromSeconds(1) < next ? TimeSpan.FromSeconds(1) : next;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(next);
            try
            {
                await _wake.Reader.WaitToReadAsync(timer.Token);
                _wake.Reader.TryRead(out _);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>The UIDs of the static pods the manifests ask for now, whether or not their workers have started yet.</summary>
    public IEnumerable<string> DesiredUids() => StaticPodDirectory.Read(_directory, _nodeName).Pods.Select(p => p.Hash);

    private void Changed(JsonObject pod)
    {
        if (StaticPodAnnotations.IsMirror(pod)) Wake();
    }

    /// <summary>One pass; false when the mirror pods could not be brought in line (the apiserver is away), so the next comes sooner.</summary>
    internal async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        var (desired, errors) = StaticPodDirectory.Read(_directory, _nodeName);
        foreach (var error in errors)
        {
            if (_reported.Add(error)) _logger.LogWarning("static pod manifest skipped: {Error}", error);
        }
        var wanted = desired.ToDictionary(p => p.Hash, StringComparer.Ordinal);
        lock (_running)
        {
            foreach (var (uid, pod) in _running.ToList())
            {
                if (wanted.ContainsKey(uid)) continue;
                _logger.LogInformation("static pod {Pod} from {File} stops", pod.Key, pod.File);
                _pods.Removed(pod.Pod);
                _running.Remove(uid);
            }
            foreach (var pod in desired)
            {
                if (!_running.TryAdd(pod.Hash, pod)) continue;
                _logger.LogInformation("static pod {Pod} from {File} starts", pod.Key, pod.File);
                _pods.Apply(pod.Pod);
            }
        }
        try
        {
            await SyncMirrorsAsync(desired, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogDebug(e, "mirror pods not synced; retrying");
            return false;
        }
    }

    private static bool Newer(JsonObject mirror, JsonObject known) =>
        long.TryParse(ObjectMeta.ResourceVersion(mirror), out var seen) && long.TryParse(ObjectMeta.ResourceVersion(known), out var written) && seen > written;

    private async Task SyncMirrorsAsync(IReadOnlyList<StaticPod> desired, CancellationToken cancellationToken)
    {
        if (!_pods.Informer.HasSynced) throw new IOException("the pod informer has not synced");
        var byKey = desired.ToDictionary(p => p.Key, StringComparer.Ordinal);
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mirror in _pods.Informer.Store.List().Where(StaticPodAnnotations.IsMirror))
        {
            var key = (ObjectMeta.Namespace(mirror) ?? "default") + "/" + ObjectMeta.Name(mirror);
            var fresh = byKey.TryGetValue(key, out var pod) && mirror.StringAt("metadata", "annotations", StaticPodAnnotations.ConfigMirror) == pod.Hash
                && ObjectMeta.DeletionTimestamp(mirror) is null;
            if (fresh)
            {
                current.Add(key);
                // Someone else wrote the mirror since the worker did: its next status write would
                // conflict for ever, so it starts again from the static pod, which writes unconditionally.
                if (_pods.All.FirstOrDefault(w => w.Uid == pod!.Hash) is { } worker && Newer(mirror, worker.Pod)) _pods.Apply(pod!.Pod);
                continue;
            }
            try
            {
                await _client.DeleteAsync(ResourceTypes.Pod, ObjectMeta.Namespace(mirror), ObjectMeta.Name(mirror)!,
                    new DeleteOptions { GracePeriodSeconds = 0, PreconditionUid = ObjectMeta.Uid(mirror) }, cancellationToken);
            }
            catch (ApiException e) when (e.IsNotFound || e.IsConflict)
            {
                // Gone already, or the name now holds a newer mirror.
            }
        }
        foreach (var pod in desired.Where(p => !current.Contains(p.Key)))
        {
            _nodeUid ??= ObjectMeta.Uid(await _client.GetAsync(ResourceTypes.Node, null, _nodeName, cancellationToken));
            JsonObject created;
            try
            {
                created = await _client.CreateAsync(ResourceTypes.Pod, StaticPodManifest.Mirror(pod, _nodeName, _nodeUid!), null, cancellationToken);
            }
            catch (ApiException e) when (e.IsAlreadyExists)
            {
                continue;
            }
            // A new mirror starts from what the pod worker last reported; its next change is written there too.
            if (_pods.All.FirstOrDefault(w => w.Uid == pod.Hash)?.Pod["status"] is JsonObject { } status && status["containerStatuses"] is not null)
            {
                created["status"] = status.DeepClone();
                try { await _client.UpdateStatusAsync(ResourceTypes.Pod, created, null, cancellationToken); }
                catch (ApiException e) when (e.IsConflict || e.IsNotFound) { }
            }
            _pods.Apply(pod.Pod);
        }
    }
}
