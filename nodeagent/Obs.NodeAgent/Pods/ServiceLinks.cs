using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;

namespace Obs.NodeAgent.Pods;

/// <summary>
/// The Services whose link variables a pod's containers get: those of the pod's namespace, plus
/// <c>default/kubernetes</c> for pods elsewhere. Read from the agent's shared Service informer once
/// it is provably current for the pod, otherwise LISTed at the pod's revision.
/// </summary>
/// <remarks>
/// The freshness rule: a Service created before the pod has a smaller resourceVersion than the pod
/// (Obs's resourceVersion is one global revision sequence), so a store current to the pod's
/// revision or later holds every such Service. The informer's store is, once it has seen an event
/// or bookmark that late. Its watch is quiet while pods are made, but Obs's apiserver sends a
/// watch that takes bookmarks one for progress within 50 ms of the cluster's revision moving past
/// what it was told, so the store gets there while the pod's sandbox starts: the pod waits for it
/// (at most <see cref="CatchUpLimit"/>). Kubernetes' kubelet reads its informer as it is, current
/// or not, and so may miss a Service made a moment before the pod; Kubernetes only asks that the
/// Service be created first, and this rule keeps that promise.
/// Only a store that does not get there in time (not synced, its watch down, an apiserver that
/// sends no such bookmarks) is passed over, and the namespace is LISTed with
/// resourceVersion set to the pod's: the apiserver answers that from its watch cache once the
/// cache has reached the revision, which it has for a pod the agent was told of, so the read needs
/// no round trip to the database. Pods starting together in one namespace share such a LIST when
/// its answer is as new as their own revisions.
/// </remarks>
public sealed class ServiceLinks(ApiClient client, Informer? informer = null)
{
    private const string MasterNamespace = "default";
    private const string MasterName = "kubernetes";
    /// <summary>How long a pod start waits for the informer to reach its revision before it LISTs instead.</summary>
    public static readonly TimeSpan CatchUpLimit = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    /// <summary>Per namespace with a LIST under way: the callers who came while it ran.</summary>
    private readonly Dictionary<string, List<Waiter>> _lists = new(StringComparer.Ordinal);

    public async Task<List<JsonObject>> ForPodAsync(JsonObject pod, CancellationToken cancellationToken)
    {
        var ns = ObjectMeta.Namespace(pod) ?? MasterNamespace;
        var revision = Revision(ObjectMeta.ResourceVersion(pod));
        List<JsonObject> services = informer is { HasSynced: true } && revision is { } needed && await CaughtUpAsync(informer, needed, cancellationToken)
            ? [.. informer.Lister.List(ns)]
            : [.. await ListAsync(ns, revision, cancellationToken)];
        if (ns != MasterNamespace && await MasterAsync(cancellationToken) is { } master) services.Add(master);
        return services;
    }

    /// <summary>Whether the informer's store is (or within <see cref="CatchUpLimit"/> becomes) current to <paramref name="revision"/>.</summary>
    private static async Task<bool> CaughtUpAsync(Informer informer, long revision, CancellationToken cancellationToken)
    {
        if (Revision(informer.LastSyncResourceVersion) >= revision) return true;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(CatchUpLimit);
        while (true)
        {
            var advanced = informer.ResourceVersionAdvancedAsync(limit.Token);
            // Read again once the wait is registered: a move in between would otherwise go unseen.
            if (Revision(informer.LastSyncResourceVersion) >= revision) return true;
            try
            {
                await advanced;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The apiservers keep their own Service from their start on, before pods run, so a synced
    /// informer has it; only without one is it fetched.
    /// </summary>
    private async Task<JsonObject?> MasterAsync(CancellationToken cancellationToken)
    {
        if (informer is { HasSynced: true }) return informer.Lister.Get(MasterNamespace, MasterName);
        return await client.TryGetAsync(ResourceTypes.Service, MasterNamespace, MasterName, cancellationToken);
    }

    private static long? Revision(string? resourceVersion) =>
        long.TryParse(resourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;

    /// <summary>
    /// The namespace's Services as of <paramref name="revision"/> or later (null: as of now). One
    /// LIST runs per namespace at a time: a caller that comes while one is under way joins it and
    /// is answered by it when its answer is at least as new as the caller's revision (the usual
    /// case, as the apiserver's cache already held the pod), else by the next one.
    /// </summary>
    private Task<IReadOnlyList<JsonObject>> ListAsync(string ns, long? revision, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(revision);
        var start = false;
        lock (_lock)
        {
            if (_lists.TryGetValue(ns, out var joined)) joined.Add(waiter);
            else start = _lists.TryAdd(ns, []);
        }
        if (start) _ = Task.Run(() => RunAsync(ns, [waiter]), CancellationToken.None);
        return waiter.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>LISTs for <paramref name="batch"/>, then for those who joined and were not answered, until none are left.</summary>
    private async Task RunAsync(string ns, List<Waiter> batch)
    {
        while (batch.Count > 0)
        {
            IReadOnlyList<JsonObject>? items = null;
            long? answered = null;
            Exception? failure = null;
            try
            {
                // At least as new as every caller of the batch wants; not cancelled by any one of them (the client's request timeout bounds it).
                var wanted = batch.Any(w => w.Revision is null) ? null : batch.Max(w => w.Revision);
                var options = new ListOptions { ResourceVersion = wanted?.ToString(CultureInfo.InvariantCulture) };
                var list = await client.ListAsync(ResourceTypes.Service, ns, options, CancellationToken.None);
                items = list.Items;
                answered = Revision(list.ResourceVersion);
            }
            catch (Exception e)
            {
                failure = e;
            }
            List<Waiter> next;
            lock (_lock)
            {
                var joined = _lists[ns];
                next = [.. joined.Where(w => failure is not null || w.Revision is null || !(w.Revision <= answered))];
                batch.AddRange(joined.Except(next));
                if (next.Count == 0) _lists.Remove(ns);
                else _lists[ns] = [];
            }
            foreach (var waiter in batch)
            {
                if (failure is null) waiter.Result.SetResult(items!);
                else waiter.Result.SetException(failure);
            }
            batch = next;
        }
    }

    private sealed class Waiter(long? revision)
    {
        /// <summary>The revision the answer must be at least as new as; null for the latest.</summary>
        public long? Revision { get; } = revision;

        public TaskCompletionSource<IReadOnlyList<JsonObject>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
