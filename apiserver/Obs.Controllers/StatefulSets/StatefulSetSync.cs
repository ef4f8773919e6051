using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;
using Obs.Controllers.Revisions;

namespace Obs.Controllers.StatefulSets;

/// <summary>
/// One sync of one StatefulSet (stateful_set_control.go): the revisions first, then the pods in
/// ordinal order — replace finished ones, create missing ones with their claims, and under
/// OrderedReady wait for each to be Running and Ready before the next; then remove the condemned
/// (ordinals past the end) highest first; then roll the update from the highest ordinal down to
/// the partition, one pod at a time; last, the status and the history limit.
/// </summary>
internal sealed class StatefulSetSync(JsonObject set, List<JsonObject> pods, RevisionHistory history, Lister claims,
    IObjectControl control, ControllerEvents events, DateTimeOffset now, Action<TimeSpan> requeueAfter, CancellationToken cancellationToken)
{
    private readonly List<JsonObject> _pods = pods;
    private readonly bool _monotonic = set.StringAt("spec", "podManagementPolicy") != "Parallel";
    private readonly long _minReadySeconds = set.LongAt("spec", "minReadySeconds") ?? 0;
    private JsonObject _current = null!;
    private JsonObject _update = null!;

    public async Task RunAsync()
    {
        var revisions = await history.ClaimAsync(set, cancellationToken);
        (_update, revisions, var collisionCount) = await history.SyncUpdateRevisionAsync(set, revisions, cancellationToken);
        _current = revisions.FirstOrDefault(r => ObjectMeta.Name(r) == set.StringAt("status", "currentRevision")) ?? _update;

        Exception? error = null;
        if (ObjectMeta.DeletionTimestamp(set) is null)
        {
            try
            {
                await ManageAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                error = e;
            }
        }
        var status = StatefulSetStatus.Calculate(set, _pods, _current, _update, collisionCount, _minReadySeconds, now);
        if (!JsonNode.DeepEquals(status, set["status"]))
        {
            var copy = (JsonObject)set.DeepClone();
            copy["status"] = status;
            await control.UpdateStatusAsync(ResourceTypes.StatefulSet, copy, cancellationToken);
        }
        if (error is not null) throw error;
        var live = new HashSet<string>(StringComparer.Ordinal)
        {
            status.StringAt("currentRevision")!,
            status.StringAt("updateRevision")!,
        };
        foreach (var pod in _pods) live.Add(StatefulPods.Revision(pod) ?? "");
        await history.TruncateAsync(revisions, r => live.Contains(ObjectMeta.Name(r)!), set.LongAt("spec", "revisionHistoryLimit") ?? 10, cancellationToken);
    }

    private int Start => (int)(set.LongAt("spec", "ordinals", "start") ?? 0);

    private async Task ManageAsync()
    {
        var replicaCount = (int)(set.LongAt("spec", "replicas") ?? 1);
        var slots = new JsonObject?[replicaCount];
        var condemned = new List<JsonObject>();
        foreach (var pod in _pods)
        {
            var index = StatefulPods.Ordinal(pod) - Start;
            if (index >= 0 && index < replicaCount && slots[index] is null) slots[index] = pod;
            else condemned.Add(pod);
        }
        condemned = [.. condemned.OrderByDescending(StatefulPods.Ordinal)];
        var members = slots.OfType<JsonObject>().Select(p => (p, false)).Concat(condemned.Select(p => (p, true)));
        await ClaimRetention.SyncOwnersAsync(set, members.Where(m => !StatefulPods.IsTerminating(m.Item1)), claims, control, cancellationToken);

        for (var i = 0; i < replicaCount; i++)
        {
            var pod = slots[i];
            if (pod is not null && StatefulPods.IsFinished(pod) && !StatefulPods.IsTerminating(pod))
            {
                // A failed (or completed) member is replaced under the same name, once this one is gone.
                await DeleteAsync(pod);
                if (_monotonic) return;
                continue;
            }
            if (pod is null)
            {
                await CreateAsync(i);
                if (_monotonic) return;
                continue;
            }
            if (StatefulPods.IsTerminating(pod) || !StatefulPods.IsRunningAndReady(pod))
            {
                if (_monotonic) return;
                continue;
            }
            if (!PodState.IsAvailable(pod, _minReadySeconds, now))
            {
                requeueAfter(TimeSpan.FromSeconds(_minReadySeconds));
                if (_monotonic) return;
            }
            // A claim deleted under a running pod comes back for its next incarnation.
            await CreateClaimsAsync(Start + i);
        }

        var firstUnhealthy = condemned.FirstOrDefault(p => !StatefulPods.IsRunningAndReady(p) || StatefulPods.IsTerminating(p));
        foreach (var pod in condemned)
        {
            if (StatefulPods.IsTerminating(pod))
            {
                if (_monotonic) return;
                continue;
            }
            // OrderedReady scales down one healthy pod at a time; an unhealthy one only when it is next in line.
            if (_monotonic && !StatefulPods.IsRunningAndReady(pod) && !ReferenceEquals(pod, firstUnhealthy)) return;
            await DeleteAsync(pod);
            if (_monotonic) return;
        }

        if (set.StringAt("spec", "updateStrategy", "type") == "OnDelete") return;
        var partition = (int)Math.Max(0, set.LongAt("spec", "updateStrategy", "rollingUpdate", "partition") ?? 0);
        var updateName = ObjectMeta.Name(_update);
        for (var i = replicaCount - 1; i >= partition; i--)
        {
            var pod = slots[i];
            if (pod is null) return;
            if (StatefulPods.Revision(pod) != updateName && !StatefulPods.IsTerminating(pod))
            {
                await DeleteAsync(pod);
                return;
            }
            if (StatefulPods.IsTerminating(pod) || !StatefulPods.IsRunningAndReady(pod) || !PodState.IsAvailable(pod, _minReadySeconds, now)) return;
        }
    }

    /// <summary>
    /// The revision a missing pod is created at: below the partition the current one, so a partitioned
    /// rollout does not spread by replacement; otherwise (and always under OnDelete) the update revision.
    /// </summary>
    private JsonObject RevisionFor(int index)
    {
        if (set.StringAt("spec", "updateStrategy", "type") == "OnDelete") return _update;
        if (set.At("spec", "updateStrategy", "rollingUpdate") is JsonObject rolling)
            return index < (rolling.LongAt("partition") ?? 0) ? _current : _update;
        return index < (set.LongAt("status", "currentReplicas") ?? 0) ? _current : _update;
    }

    private async Task CreateAsync(int index)
    {
        var ordinal = Start + index;
        var pod = StatefulPods.NewPod(set, RevisionFor(index), ordinal);
        await CreateClaimsAsync(ordinal);
        try
        {
            var created = await control.CreateAsync(ResourceTypes.Pod, pod, cancellationToken);
            _pods.Add(created);
            RecordPod("create", ObjectMeta.Name(pod)!, null);
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            // Created by an earlier sync the cache has not shown yet; its event brings the next sync.
        }
        catch (ApiException e)
        {
            RecordPod("create", ObjectMeta.Name(pod)!, e);
            throw;
        }
    }

    /// <summary>stateful_pod_control.go's wording: "create Pod web-0 in StatefulSet web successful".</summary>
    private void RecordPod(string verb, string pod, Exception? error)
    {
        var reason = (error is null ? "Successful" : "Failed") + char.ToUpperInvariant(verb[0]) + verb[1..];
        if (error is null) events.Normal(set, reason, $"{verb} Pod {pod} in StatefulSet {ObjectMeta.Name(set)} successful");
        else events.Warning(set, reason, $"{verb} Pod {pod} in StatefulSet {ObjectMeta.Name(set)} failed error: {error.Message}");
    }

    private async Task CreateClaimsAsync(int ordinal)
    {
        var setName = ObjectMeta.Name(set);
        var pod = StatefulPods.Name(set, ordinal);
        foreach (var claim in StatefulPods.Claims(set, ordinal))
        {
            var name = ObjectMeta.Name(claim)!;
            if (claims.Get(ObjectMeta.Namespace(claim), name) is not null) continue;
            try
            {
                await control.CreateAsync(ResourceTypes.PersistentVolumeClaim, claim, cancellationToken);
                events.Normal(set, "SuccessfulCreate", $"create Claim {name} Pod {pod} in StatefulSet {setName} success");
            }
            catch (ApiException e) when (e.IsAlreadyExists)
            {
            }
            catch (ApiException e)
            {
                events.Warning(set, "FailedCreate", $"create Claim {name} for Pod {pod} in StatefulSet {setName} failed error: {e.Message}");
                throw;
            }
        }
    }

    private async Task DeleteAsync(JsonObject pod)
    {
        try
        {
            await control.DeleteAsync(ResourceTypes.Pod, ObjectMeta.Namespace(pod), ObjectMeta.Name(pod)!, ObjectMeta.Uid(pod), null, cancellationToken);
        }
        catch (ApiException e)
        {
            RecordPod("delete", ObjectMeta.Name(pod)!, e);
            throw;
        }
        RecordPod("delete", ObjectMeta.Name(pod)!, null);
        _pods.Remove(pod);
    }
}
