using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// Watches the pods bound to this node (<c>fieldSelector=spec.nodeName=N</c>) and keeps one
/// <see cref="PodWorker"/> per pod UID: an add or update hands the worker the newest object, a
/// delete (the pod left the API without us) stops its processes.
/// </summary>
internal sealed class PodWorkers
{
    private readonly PodWorkerContext _context;
    private readonly ConcurrentDictionary<string, PodWorker> _workers = new(StringComparer.Ordinal);

    public PodWorkers(PodWorkerContext context)
    {
        _context = context;
        Informer = new Informer(context.Client, ResourceTypes.Pod, new InformerOptions { FieldSelector = $"spec.nodeName={context.NodeName}" });
        Informer.AddHandler(new InformerHandler(FromApi, (_, pod) => FromApi(pod), Removed));
    }

    public Informer Informer { get; }

    public IEnumerable<PodWorker> All => _workers.Values;

    public PodWorker? Find(string @namespace, string name) =>
        _workers.Values.Where(w => w.Namespace == @namespace && w.Name == name && !w.Done.IsCompleted).FirstOrDefault();

    public Task RunAsync(CancellationToken cancellationToken) => Informer.RunAsync(cancellationToken);

    /// <summary>Mirror pods only show static pods, which run from their manifests (see StaticPods/), not from the API.</summary>
    private void FromApi(JsonObject pod)
    {
        if (!StaticPods.StaticPodAnnotations.IsMirror(pod)) Apply(pod);
    }

    /// <summary>Starts or updates the worker of the pod's UID.</summary>
    internal void Apply(JsonObject pod)
    {
        var uid = ObjectMeta.Uid(pod);
        if (string.IsNullOrEmpty(uid)) return;
        var worker = _workers.GetOrAdd(uid, _ => new PodWorker(_context, pod));
        worker.Update(pod);
        _ = worker.Done.ContinueWith(_ =>
        {
            if (_workers.TryRemove(new KeyValuePair<string, PodWorker>(uid, worker))) _context.HostPorts.Release(uid);
        }, TaskScheduler.Default);
    }

    /// <summary>Stops the pod's processes and forgets it, writing nothing to the API.</summary>
    internal void Removed(JsonObject pod)
    {
        if (ObjectMeta.Uid(pod) is { } uid && _workers.TryGetValue(uid, out var worker)) worker.Remove();
    }

    /// <summary>Stops every worker and the pods' processes with it, all pods at once (see <see cref="PodWorker.ShutdownAsync"/>).</summary>
    public Task ShutdownAsync(TimeSpan maxGrace) => Task.WhenAll(_workers.Values.Select(w => w.ShutdownAsync(maxGrace)));

    /// <summary>Stops every worker and leaves the pods' processes running, for a restarted agent to adopt.</summary>
    public async Task AbandonAsync()
    {
        foreach (var worker in _workers.Values) await worker.AbandonAsync();
    }
}
