using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Api.Resources;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;
using Obs.Controllers.Revisions;

namespace Obs.Controllers.DaemonSets;

/// <summary>
/// One sync of one DaemonSet (daemon_controller.go, update.go): the revision of the template,
/// then one pod on each node that should run it and none elsewhere, then (once the cache has
/// caught up with those writes) the rolling update within maxUnavailable or maxSurge, then the status.
/// </summary>
internal sealed class DaemonSetSync(JsonObject ds, string key, List<JsonObject> pods, IReadOnlyList<JsonObject> nodes, RevisionHistory history,
    Expectations expectations, IObjectControl control, ControllerEvents events, DateTimeOffset now, Action<TimeSpan> requeueAfter, CancellationToken cancellationToken)
{
    // kube-controller-manager's burstReplicas for DaemonSets.
    private const int BurstReplicas = 250;

    private readonly long _minReadySeconds = ds.LongAt("spec", "minReadySeconds") ?? 0;
    private readonly JsonObject _podSpec = DaemonPods.SpecWithTolerations(ds);

    public async Task RunAsync()
    {
        var revisions = await history.ClaimAsync(ds, cancellationToken);
        (var current, revisions, var collisionCount) = await history.SyncUpdateRevisionAsync(ds, revisions, cancellationToken);
        var hash = ObjectMeta.Label(current, RevisionData.PodRevisionLabel) ?? ObjectMeta.Name(current)!;

        Exception? error = null;
        if (ObjectMeta.DeletionTimestamp(ds) is null && expectations.Satisfied(key))
        {
            try
            {
                await ManageAsync(hash);
                if (expectations.Satisfied(key) && (ds.StringAt("spec", "updateStrategy", "type") ?? "RollingUpdate") == "RollingUpdate")
                    await RollingUpdateAsync(hash);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
            }
        }
        var status = Status(hash, collisionCount);
        if (!JsonNode.DeepEquals(status, ds["status"]))
        {
            var copy = (JsonObject)ds.DeepClone();
            copy["status"] = status;
            await control.UpdateStatusAsync(ResourceTypes.DaemonSet, copy, cancellationToken);
        }
        if (error is not null) throw error;
        if (_minReadySeconds > 0 && status.LongAt("numberReady") != status.LongAt("numberAvailable")) requeueAfter(TimeSpan.FromSeconds(_minReadySeconds));
        if (expectations.Satisfied(key))
        {
            var live = new HashSet<string>(pods.Select(p => ObjectMeta.Label(p, RevisionData.PodRevisionLabel) ?? ""), StringComparer.Ordinal) { hash };
            await history.TruncateAsync(revisions, r => live.Contains(ObjectMeta.Label(r, RevisionData.PodRevisionLabel) ?? ""),
                ds.LongAt("spec", "revisionHistoryLimit") ?? 10, cancellationToken);
        }
    }

    /// <summary>The daemon pods by the node they run on or are meant for; pods being deleted left out.</summary>
    private Dictionary<string, List<JsonObject>> PodsByNode(bool withTerminating)
    {
        var byNode = new Dictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (!withTerminating && ObjectMeta.DeletionTimestamp(pod) is not null) continue;
            var node = DaemonPods.TargetNode(pod);
            if (!byNode.TryGetValue(node, out var list)) byNode[node] = list = [];
            list.Add(pod);
        }
        return byNode;
    }

    private (long Surge, long Unavailable)? _budgets;
    private readonly Dictionary<string, (bool ShouldRun, bool ShouldContinueRunning)> _eligibility = new(StringComparer.Ordinal);

    /// <summary>Each node is checked once per sync, however many passes read it.</summary>
    private (bool ShouldRun, bool ShouldContinueRunning) Eligibility(JsonObject node)
    {
        var name = ObjectMeta.Name(node) ?? "";
        if (!_eligibility.TryGetValue(name, out var result)) _eligibility[name] = result = NodeEligibility.Check(node, _podSpec);
        return result;
    }

    private bool Surging => Budgets().Surge > 0;

    private async Task ManageAsync(string hash)
    {
        var byNode = PodsByNode(true);
        var nodesNeedingPods = new List<string>();
        var podsToDelete = new List<JsonObject>();
        foreach (var node in nodes)
        {
            var name = ObjectMeta.Name(node)!;
            var (shouldRun, shouldContinueRunning) = Eligibility(node);
            var onNode = byNode.GetValueOrDefault(name) ?? [];
            if (shouldRun && onNode.Count == 0)
            {
                nodesNeedingPods.Add(name);
                continue;
            }
            if (!shouldContinueRunning)
            {
                podsToDelete.AddRange(onNode.Where(p => ObjectMeta.DeletionTimestamp(p) is null));
                continue;
            }
            var running = new List<JsonObject>();
            foreach (var pod in onNode.Where(p => ObjectMeta.DeletionTimestamp(p) is null))
            {
                // A failed or finished daemon is replaced: deleted now, recreated once it is gone.
                if (pod.StringAt("status", "phase") is "Failed" or "Succeeded") podsToDelete.Add(pod);
                else running.Add(pod);
                if (pod.StringAt("status", "phase") == "Failed")
                    events.Warning(ds, "FailedDaemonPod", $"Found failed daemon pod {ObjectMeta.Namespace(pod)}/{ObjectMeta.Name(pod)} on node {name}, will try to kill it");
            }
            running = DaemonPods.OldestFirst(running);
            if (!Surging)
            {
                podsToDelete.AddRange(running.Skip(1));
                continue;
            }
            // Surging: the oldest new pod and the oldest old pod may share a node until the new one is available.
            JsonObject? oldestNew = null, oldestOld = null;
            foreach (var pod in running)
            {
                if (DaemonPods.IsUpdated(pod, hash) && oldestNew is null) oldestNew = pod;
                else if (!DaemonPods.IsUpdated(pod, hash) && oldestOld is null) oldestOld = pod;
                else podsToDelete.Add(pod);
            }
            if (oldestNew is not null && oldestOld is not null
                && (!PodState.IsReady(oldestOld) || PodState.IsAvailable(oldestNew, _minReadySeconds, now))) podsToDelete.Add(oldestOld);
        }
        // Pods meant for nodes that no longer exist.
        var known = nodes.Select(n => ObjectMeta.Name(n)).ToHashSet(StringComparer.Ordinal);
        foreach (var (node, onNode) in byNode)
        {
            if (!known.Contains(node)) podsToDelete.AddRange(onNode.Where(p => ObjectMeta.DeletionTimestamp(p) is null));
        }
        await SyncNodesAsync(podsToDelete, nodesNeedingPods, hash);
    }

    /// <summary>maxSurge and maxUnavailable against the number of nodes that should run the daemon, both rounded up, never both zero.</summary>
    private (long Surge, long Unavailable) Budgets() => _budgets ??= ComputeBudgets();

    private (long Surge, long Unavailable) ComputeBudgets()
    {
        var desired = nodes.Count(n => Eligibility(n).ShouldRun);
        var rolling = ds.At("spec", "updateStrategy", "rollingUpdate");
        var surge = Scaled(rolling?["maxSurge"], IntOrString.FromInt(0), desired);
        var unavailable = Scaled(rolling?["maxUnavailable"], IntOrString.FromInt(1), desired);
        if (surge == 0 && unavailable == 0) unavailable = 1;
        return (surge, unavailable);
    }

    private static long Scaled(JsonNode? node, IntOrString fallback, long total) =>
        (IntOrString.FromJson(node) ?? fallback).TryGetScaledValue(total, true, out var v, out _) ? v : 0;

    /// <summary>The new and the old pod on a node; not ok when there are several of either (manage settles that first).</summary>
    private static (JsonObject? New, JsonObject? Old, bool Ok) UpdatedPodsOn(List<JsonObject> onNode, string hash)
    {
        var fresh = onNode.Where(p => DaemonPods.IsUpdated(p, hash)).ToList();
        var old = onNode.Where(p => !DaemonPods.IsUpdated(p, hash)).ToList();
        if (fresh.Count > 1 || old.Count > 1) return (null, null, false);
        return (fresh.FirstOrDefault(), old.FirstOrDefault(), true);
    }

    private async Task RollingUpdateAsync(string hash)
    {
        var byNode = PodsByNode(false);
        var (maxSurge, maxUnavailable) = Budgets();
        var eligible = nodes.Where(n => Eligibility(n).ShouldRun).Select(n => ObjectMeta.Name(n)!).Order(StringComparer.Ordinal).ToList();
        if (maxSurge == 0)
        {
            long unavailable = 0;
            var replace = new List<JsonObject>();
            var candidates = new List<JsonObject>();
            foreach (var node in eligible)
            {
                var (fresh, old, ok) = UpdatedPodsOn(byNode.GetValueOrDefault(node) ?? [], hash);
                if (!ok) continue;
                if ((fresh is null) == (old is null)) unavailable++;
                else if (fresh is not null)
                {
                    if (!PodState.IsAvailable(fresh, _minReadySeconds, now)) unavailable++;
                }
                else if (!PodState.IsAvailable(old!, _minReadySeconds, now)) replace.Add(old!);
                else if (unavailable < maxUnavailable) candidates.Add(old!);
            }
            var room = (int)Math.Clamp(maxUnavailable - unavailable, 0, candidates.Count);
            await SyncNodesAsync([.. replace, .. candidates.Take(room)], [], hash);
            return;
        }
        long surged = 0;
        var allowedNodes = new List<string>();
        var candidateNodes = new List<string>();
        var oldToDelete = new List<JsonObject>();
        foreach (var node in eligible)
        {
            var (fresh, old, ok) = UpdatedPodsOn(byNode.GetValueOrDefault(node) ?? [], hash);
            if (!ok || old is null) continue;
            if (fresh is null)
            {
                if (!PodState.IsAvailable(old, _minReadySeconds, now)) allowedNodes.Add(node);
                else if (surged < maxSurge) candidateNodes.Add(node);
                continue;
            }
            if (!PodState.IsAvailable(fresh, _minReadySeconds, now))
            {
                surged++;
                continue;
            }
            oldToDelete.Add(old);
        }
        var surgeRoom = (int)Math.Clamp(maxSurge - surged, 0, candidateNodes.Count);
        await SyncNodesAsync(oldToDelete, [.. allowedNodes, .. candidateNodes.Take(surgeRoom)], hash);
    }

    /// <summary>Deletes and creates with expectations set first, creations in slow-start batches.</summary>
    private async Task SyncNodesAsync(List<JsonObject> podsToDelete, List<string> nodesNeedingPods, string hash)
    {
        var creates = Math.Min(nodesNeedingPods.Count, BurstReplicas);
        var deletes = Math.Min(podsToDelete.Count, BurstReplicas);
        if (creates == 0 && deletes == 0) return;
        expectations.Expect(key, creates, deletes);
        Exception? error = null;
        var next = 0;
        var podControl = new PodControl(control, events);
        var (created, createError) = await SlowStart.RunAsync(creates, () =>
        {
            var node = nodesNeedingPods[Interlocked.Increment(ref next) - 1];
            return podControl.CreateAsync(ds, DaemonPods.NewPod(ds, node, hash), cancellationToken);
        });
        // Pods never made will never be observed.
        expectations.Lower(key, creates - created, 0);
        error ??= createError;
        foreach (var pod in podsToDelete.Take(deletes))
        {
            try
            {
                await podControl.DeleteAsync(ds, pod, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                expectations.DeletionObserved(key);
                error ??= e;
            }
        }
        if (error is not null) throw error;
    }

    private JsonObject Status(string hash, long collisionCount)
    {
        var byNode = PodsByNode(false);
        long desired = 0, scheduled = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        foreach (var node in nodes)
        {
            var (shouldRun, _) = Eligibility(node);
            var onNode = byNode.GetValueOrDefault(ObjectMeta.Name(node)!) ?? [];
            if (!shouldRun)
            {
                if (onNode.Count > 0) misscheduled++;
                continue;
            }
            desired++;
            if (onNode.Count == 0) continue;
            scheduled++;
            var pod = DaemonPods.OldestFirst(onNode)[0];
            if (PodState.IsReady(pod))
            {
                ready++;
                if (PodState.IsAvailable(pod, _minReadySeconds, now)) available++;
            }
            if (DaemonPods.IsUpdated(pod, hash)) updated++;
        }
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = scheduled,
            ["numberMisscheduled"] = misscheduled,
            ["desiredNumberScheduled"] = desired,
            ["numberReady"] = ready,
            ["observedGeneration"] = ObjectMeta.Generation(ds),
            ["updatedNumberScheduled"] = updated,
            ["numberAvailable"] = available,
            ["numberUnavailable"] = desired - available,
            ["collisionCount"] = collisionCount,
        };
        if (ds.At("status", "conditions") is JsonArray conditions && conditions.Count > 0) status["conditions"] = conditions.DeepClone();
        return status;
    }
}
