using System.Text.Json.Nodes;
using Obs.Api.Defaults;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;
using static Obs.Controllers.Deployments.Replicas;

namespace Obs.Controllers.Deployments;

/// <summary>
/// One sync of one Deployment (pkg/controller/deployment sync.go, rolling.go, recreate.go,
/// progress.go): holds the Deployment as last written so each step sees the previous one's result.
/// </summary>
internal sealed class DeploymentRollout(JsonObject deployment, List<JsonObject> replicaSets, Func<string, IReadOnlyList<JsonObject>> podsOfReplicaSet,
    IObjectControl control, ControllerEvents events, DateTimeOffset now, Action<TimeSpan> requeueAfter, CancellationToken cancellationToken)
{
    private JsonObject _d = deployment;

    public JsonObject Deployment => _d;

    private string Name => ObjectMeta.Name(_d)!;
    private string? Namespace => ObjectMeta.Namespace(_d);

    public async Task RunAsync()
    {
        if (ObjectMeta.DeletionTimestamp(_d) is not null)
        {
            var (newRs, oldSets) = await GetAllReplicaSetsAsync(false);
            await SyncStatusAsync(oldSets.Append(newRs), newRs);
            return;
        }
        await CheckPausedConditionsAsync();
        if (_d.BoolAt("spec", "paused") == true)
        {
            await SyncAsync();
            return;
        }
        // Not re-entrant: nothing else moves until the request is cleared from the Deployment.
        if (DeploymentRollback.Requested(_d) is not null)
        {
            await RollbackAsync();
            return;
        }
        if (IsScalingEvent())
        {
            await SyncAsync();
            return;
        }
        if (IsRollingUpdate(_d)) await RolloutRollingAsync();
        else await RolloutRecreateAsync();
    }

    private bool IsScalingEvent() =>
        Active(replicaSets).Any(rs => DeploymentAnnotations.LongAnnotation(rs, DeploymentAnnotations.DesiredReplicas) is { } desired && desired != Of(_d));

    private async Task CheckPausedConditionsAsync()
    {
        if (!HasProgressDeadline()) return;
        var condition = DeploymentConditions.Get(_d["status"], DeploymentConditions.Progressing);
        if (condition?.StringAt("reason") == DeploymentConditions.TimedOut) return;
        var paused = _d.BoolAt("spec", "paused") == true;
        var pausedCondition = condition?.StringAt("reason") == DeploymentConditions.Paused;
        JsonObject? next = null;
        if (paused && !pausedCondition)
            next = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.Paused, "Deployment is paused", now);
        else if (!paused && pausedCondition)
            next = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.Resumed, "Deployment is resumed", now);
        if (next is null) return;
        var status = (JsonObject)(_d["status"]?.DeepClone() ?? new JsonObject());
        DeploymentConditions.Set(status, next);
        await WriteStatusAsync(status);
    }

    /// <summary>rollback: carries out a <c>deprecated.deployment.rollback.to</c> request (<see cref="DeploymentRollback"/>).</summary>
    private async Task RollbackAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(true);
        var d = (JsonObject)_d.DeepClone();
        var (done, reason, message) = DeploymentRollback.Apply(d, [.. oldSets.Append(newRs).OfType<JsonObject>()]);
        // As rollback.go does: a warning as soon as the request is found wanting, the rollback once it is stored.
        if (!done) events.Warning(_d, reason, message);
        _d = await control.UpdateAsync(ResourceTypes.Deployment, d, cancellationToken);
        if (done) events.Normal(_d, reason, message);
    }

    /// <summary>Scaling and paused deployments: resize without rolling (sync).</summary>
    private async Task SyncAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(false);
        await ScaleAsync(newRs, oldSets);
        (newRs, oldSets) = Refresh(newRs, oldSets);
        if (_d.BoolAt("spec", "paused") == true) await CleanupAsync(oldSets);
        await SyncStatusAsync(oldSets.Append(newRs), newRs);
    }

    private async Task RolloutRollingAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(true);
        var all = oldSets.Append(newRs).OfType<JsonObject>().ToList();
        if (await ReconcileNewReplicaSetAsync(all, newRs!))
        {
            (newRs, oldSets) = Refresh(newRs, oldSets);
            await SyncRolloutStatusAsync(oldSets.Append(newRs), newRs);
            return;
        }
        if (await ReconcileOldReplicaSetsAsync(newRs!, oldSets))
        {
            (newRs, oldSets) = Refresh(newRs, oldSets);
            await SyncRolloutStatusAsync(oldSets.Append(newRs), newRs);
            return;
        }
        if (IsComplete(CalculateStatus(oldSets.Append(newRs), newRs))) await CleanupAsync(oldSets);
        await SyncRolloutStatusAsync(oldSets.Append(newRs), newRs);
    }

    private async Task RolloutRecreateAsync()
    {
        var (newRs, oldSets) = await GetAllReplicaSetsAsync(false);
        var scaledDown = false;
        foreach (var rs in Active(oldSets))
        {
            var (scaled, _) = await ScaleReplicaSetAsync(rs, 0);
            scaledDown |= scaled;
        }
        if (scaledDown)
        {
            (newRs, oldSets) = Refresh(newRs, oldSets);
            await SyncRolloutStatusAsync(oldSets.Append(newRs), newRs);
            return;
        }
        if (OldPodsRunning(oldSets))
        {
            await SyncRolloutStatusAsync(oldSets.Append(newRs), newRs);
            return;
        }
        if (newRs is null) (newRs, oldSets) = await GetAllReplicaSetsAsync(true);
        await ScaleReplicaSetAsync(newRs!, Of(_d));
        (newRs, oldSets) = Refresh(newRs, oldSets);
        if (IsComplete(CalculateStatus(oldSets.Append(newRs), newRs))) await CleanupAsync(oldSets);
        await SyncRolloutStatusAsync(oldSets.Append(newRs), newRs);
    }

    private bool OldPodsRunning(List<JsonObject> oldSets)
    {
        if (StatusSum(oldSets, "replicas") > 0) return true;
        return oldSets.Any(rs => podsOfReplicaSet(ObjectMeta.Uid(rs)!).Any(p => p.StringAt("status", "phase") is not ("Failed" or "Succeeded")));
    }

    // ---- the new and old ReplicaSets ----

    /// <summary>The ReplicaSet whose template is the Deployment's (oldest first if several), and the others.</summary>
    private (JsonObject? New, List<JsonObject> Old) Split()
    {
        var template = _d.At("spec", "template") as JsonObject ?? new JsonObject();
        JsonObject? newRs = null;
        foreach (var rs in OldestFirst(replicaSets))
        {
            if (rs.At("spec", "template") is JsonObject t && PodTemplateNormalizer.AreEquivalent(t, template))
            {
                newRs = rs;
                break;
            }
        }
        return (newRs, [.. replicaSets.Where(rs => !ReferenceEquals(rs, newRs))]);
    }

    private (JsonObject? New, List<JsonObject> Old) Refresh(JsonObject? newRs, List<JsonObject> oldSets) => Split();

    private void Replace(JsonObject updated)
    {
        var uid = ObjectMeta.Uid(updated);
        var index = replicaSets.FindIndex(rs => ObjectMeta.Uid(rs) == uid);
        if (index >= 0) replicaSets[index] = updated;
        else replicaSets.Add(updated);
    }

    /// <summary>getAllReplicaSetsAndSyncRevision: finds (or creates) the new ReplicaSet and brings revisions up to date.</summary>
    private async Task<(JsonObject? New, List<JsonObject> Old)> GetAllReplicaSetsAsync(bool createIfMissing)
    {
        var (existing, oldSets) = Split();
        var newRevision = (oldSets.Count == 0 ? 0 : oldSets.Max(DeploymentAnnotations.RevisionOf)) + 1;
        var maxReplicas = Of(_d) + MaxSurge(_d);
        if (existing is not null)
        {
            var copy = (JsonObject)existing.DeepClone();
            var changed = DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, copy, newRevision, true, maxReplicas);
            var minReady = _d.LongAt("spec", "minReadySeconds") ?? 0;
            if ((copy.LongAt("spec", "minReadySeconds") ?? 0) != minReady)
            {
                copy.Ensure("spec")["minReadySeconds"] = minReady;
                changed = true;
            }
            if (changed)
            {
                existing = await control.UpdateAsync(ResourceTypes.ReplicaSet, copy, cancellationToken);
                Replace(existing);
            }
            await SyncRevisionAsync(DeploymentAnnotations.RevisionOf(existing));
            if (HasProgressDeadline() && DeploymentConditions.Get(_d["status"], DeploymentConditions.Progressing) is null)
            {
                var status = (JsonObject)(_d["status"]?.DeepClone() ?? new JsonObject());
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet,
                    $"Found new replica set \"{ObjectMeta.Name(existing)}\"", now));
                await WriteStatusAsync(status);
            }
            return Split();
        }
        if (!createIfMissing) return (null, oldSets);

        var collisionCount = _d.LongAt("status", "collisionCount");
        var template = (JsonObject)(_d.At("spec", "template")?.DeepClone() ?? new JsonObject());
        var hash = PodTemplateHash.Compute(template, collisionCount);
        template.Ensure("metadata", "labels")[PodTemplateHash.LabelKey] = hash;
        var selector = (JsonObject)(_d.At("spec", "selector")?.DeepClone() ?? new JsonObject());
        selector.Ensure("matchLabels")[PodTemplateHash.LabelKey] = hash;
        var rs = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ReplicaSet",
            ["metadata"] = new JsonObject
            {
                ["name"] = Name + "-" + hash,
                ["namespace"] = Namespace,
                ["labels"] = template.At("metadata", "labels")!.DeepClone(),
                ["annotations"] = new JsonObject(),
                ["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.Deployment, _d)),
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 0,
                ["minReadySeconds"] = _d.LongAt("spec", "minReadySeconds") ?? 0,
                ["selector"] = selector,
                ["template"] = template,
            },
        };
        rs["spec"]!["replicas"] = NewReplicaSetReplicas(_d, oldSets.Append(rs), rs);
        DeploymentAnnotations.SetNewReplicaSetAnnotations(_d, rs, newRevision, false, maxReplicas);
        JsonObject created;
        try
        {
            created = await control.CreateAsync(ResourceTypes.ReplicaSet, rs, cancellationToken);
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            // Ours from a sync the cache has not caught up with, or a hash collision: count it and try another name.
            var status = (JsonObject)(_d["status"]?.DeepClone() ?? new JsonObject());
            status["collisionCount"] = (collisionCount ?? 0) + 1;
            await WriteStatusAsync(status);
            throw;
        }
        catch (ApiException e)
        {
            events.Warning(_d, "FailedCreate", $"Failed to create new replica set \"{ObjectMeta.Name(rs)}\": {e.Message}");
            throw;
        }
        Replace(created);
        if (Of(created) > 0) RecordScaled(created, 0, Of(created));
        await SyncRevisionAsync(DeploymentAnnotations.RevisionOf(created));
        if (HasProgressDeadline())
        {
            var status = (JsonObject)(_d["status"]?.DeepClone() ?? new JsonObject());
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated,
                $"Created new replica set \"{ObjectMeta.Name(created)}\"", now));
            await WriteStatusAsync(status);
        }
        return Split();
    }

    /// <summary>The Deployment's revision annotation follows its new ReplicaSet's.</summary>
    private async Task SyncRevisionAsync(long revision)
    {
        if (revision == 0 || DeploymentAnnotations.RevisionOf(_d) == revision) return;
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [DeploymentAnnotations.Revision] = Text(revision) } },
        };
        _d = await control.PatchAsync(ResourceTypes.Deployment, Namespace, Name, patch, cancellationToken);
    }

    // ---- rolling update ----

    private async Task<bool> ReconcileNewReplicaSetAsync(List<JsonObject> all, JsonObject newRs)
    {
        if (Of(newRs) == Of(_d)) return false;
        if (Of(newRs) > Of(_d)) return (await ScaleReplicaSetAsync(newRs, Of(_d))).Scaled;
        return (await ScaleReplicaSetAsync(newRs, NewReplicaSetReplicas(_d, all, newRs))).Scaled;
    }

    private async Task<bool> ReconcileOldReplicaSetsAsync(JsonObject newRs, List<JsonObject> oldSets)
    {
        if (SpecSum(oldSets) == 0) return false;
        var all = oldSets.Append(newRs).ToList();
        var minAvailable = Of(_d) - MaxUnavailable(_d);
        var newUnavailable = Of(newRs) - Status(newRs, "availableReplicas");
        var maxScaledDown = SpecSum(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) return false;

        // First the old pods that are not available anyway: removing them costs no availability.
        long cleaned = 0;
        foreach (var rs in OldestFirst(Active(oldSets)))
        {
            if (cleaned >= maxScaledDown) break;
            var available = Status(rs, "availableReplicas");
            if (available == Of(rs)) continue;
            var down = Math.Min(maxScaledDown - cleaned, Of(rs) - available);
            await ScaleReplicaSetAsync(rs, Of(rs) - down);
            cleaned += down;
        }
        (_, oldSets) = Split();
        all = [.. oldSets.Append(newRs)];

        long scaled = 0;
        var availableNow = StatusSum(all, "availableReplicas");
        if (availableNow > minAvailable)
        {
            var total = availableNow - minAvailable;
            foreach (var rs in OldestFirst(Active(oldSets)))
            {
                if (scaled >= total) break;
                var down = Math.Min(Of(rs), total - scaled);
                await ScaleReplicaSetAsync(rs, Of(rs) - down);
                scaled += down;
            }
        }
        return cleaned + scaled > 0;
    }

    // ---- scaling ----

    /// <summary>Resizes the ReplicaSets to a new Deployment size; mid-rollout, in proportion to their sizes.</summary>
    private async Task ScaleAsync(JsonObject? newRs, List<JsonObject> oldSets)
    {
        var active = Active(oldSets.Append(newRs));
        JsonObject? activeOrLatest = active.Count switch
        {
            0 => newRs ?? OldestFirst(oldSets).LastOrDefault(),
            1 => active[0],
            _ => null,
        };
        if (activeOrLatest is not null)
        {
            if (Of(activeOrLatest) != Of(_d)) await ScaleReplicaSetAsync(activeOrLatest, Of(_d));
            return;
        }
        if (newRs is not null && IsSaturated(newRs))
        {
            foreach (var old in Active(oldSets)) await ScaleReplicaSetAsync(old, 0);
            return;
        }
        if (!IsRollingUpdate(_d)) return;

        var allowed = Of(_d) > 0 ? Of(_d) + MaxSurge(_d) : 0;
        var toAdd = allowed - SpecSum(active);
        // Growing: bigger first, then newer; shrinking: bigger first, then older.
        var ordered = toAdd > 0
            ? active.OrderByDescending(Of).ThenByDescending(Created).ToList()
            : active.OrderByDescending(Of).ThenBy(Created).ToList();
        var sizes = new Dictionary<JsonObject, long>(ReferenceEqualityComparer.Instance);
        long added = 0;
        foreach (var rs in ordered)
        {
            if (toAdd != 0)
            {
                var proportion = Proportion(rs, _d, toAdd, added);
                sizes[rs] = Of(rs) + proportion;
                added += proportion;
            }
            else sizes[rs] = Of(rs);
        }
        if (toAdd != 0 && ordered.Count > 0)
        {
            var first = ordered[0];
            sizes[first] = Math.Max(0, sizes[first] + toAdd - added);
        }
        foreach (var rs in ordered) await ScaleReplicaSetAsync(rs, sizes[rs]);
    }

    private bool IsSaturated(JsonObject rs) =>
        DeploymentAnnotations.LongAnnotation(rs, DeploymentAnnotations.DesiredReplicas) == Of(_d)
        && Of(rs) == Of(_d) && Status(rs, "availableReplicas") == Of(_d);

    private async Task<(bool Scaled, JsonObject ReplicaSet)> ScaleReplicaSetAsync(JsonObject rs, long replicas)
    {
        var sizeChanges = Of(rs) != replicas;
        var maxReplicas = Of(_d) + MaxSurge(_d);
        if (!sizeChanges && !DeploymentAnnotations.ReplicasNeedUpdate(rs, Of(_d), maxReplicas)) return (false, rs);
        var copy = (JsonObject)rs.DeepClone();
        copy.Ensure("spec")["replicas"] = replicas;
        DeploymentAnnotations.SetReplicas(copy, Of(_d), maxReplicas);
        var updated = await control.UpdateAsync(ResourceTypes.ReplicaSet, copy, cancellationToken);
        Replace(updated);
        if (sizeChanges) RecordScaled(updated, Of(rs), replicas);
        return (sizeChanges, updated);
    }

    /// <summary>The event <c>kubectl describe deployment</c> lists for every resize of its ReplicaSets.</summary>
    private void RecordScaled(JsonObject rs, long from, long to) =>
        events.Normal(_d, "ScalingReplicaSet", $"Scaled {(to > from ? "up" : "down")} replica set {ObjectMeta.Name(rs)} from {from} to {to}");

    // ---- history ----

    /// <summary>Deletes the oldest ReplicaSets beyond revisionHistoryLimit that have no pods left.</summary>
    private async Task CleanupAsync(List<JsonObject> oldSets)
    {
        if (_d.LongAt("spec", "revisionHistoryLimit") is not { } limit) return;
        var alive = oldSets.Where(rs => ObjectMeta.DeletionTimestamp(rs) is null).ToList();
        var diff = alive.Count - limit;
        if (diff <= 0) return;
        var byRevision = alive.OrderBy(DeploymentAnnotations.RevisionOf).ThenBy(Created).ToList();
        for (var i = 0; i < diff; i++)
        {
            var rs = byRevision[i];
            if (Status(rs, "replicas") != 0 || Of(rs) != 0 || ObjectMeta.Generation(rs) > (rs.LongAt("status", "observedGeneration") ?? 0)) continue;
            await control.DeleteAsync(ResourceTypes.ReplicaSet, Namespace, ObjectMeta.Name(rs)!, ObjectMeta.Uid(rs), null, cancellationToken);
        }
    }

    // ---- status ----

    private bool HasProgressDeadline() => _d.LongAt("spec", "progressDeadlineSeconds") is { } s && s != int.MaxValue;

    private JsonObject CalculateStatus(IEnumerable<JsonObject?> sets, JsonObject? newRs)
    {
        var all = sets.OfType<JsonObject>().ToList();
        var available = StatusSum(all, "availableReplicas");
        var unavailable = Math.Max(0, SpecSum(all) - available);
        var status = new JsonObject();
        void Put(string field, long value)
        {
            if (value != 0) status[field] = value;
        }
        Put("observedGeneration", ObjectMeta.Generation(_d));
        Put("replicas", StatusSum(all, "replicas"));
        Put("updatedReplicas", newRs is null ? 0 : Status(newRs, "replicas"));
        Put("readyReplicas", StatusSum(all, "readyReplicas"));
        Put("availableReplicas", available);
        Put("unavailableReplicas", unavailable);
        if (_d.LongAt("status", "collisionCount") is { } collisions) status["collisionCount"] = collisions;
        if (_d.At("status", "conditions") is JsonArray conditions) status["conditions"] = conditions.DeepClone();
        if (available >= Of(_d) - MaxUnavailable(_d))
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now));
        else
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now));
        return status;
    }

    private bool IsComplete(JsonObject status) =>
        (status.LongAt("updatedReplicas") ?? 0) == Of(_d) && (status.LongAt("replicas") ?? 0) == Of(_d)
        && (status.LongAt("availableReplicas") ?? 0) == Of(_d) && (status.LongAt("observedGeneration") ?? 0) >= ObjectMeta.Generation(_d);

    private bool IsProgressing(JsonObject status)
    {
        long Old(JsonNode? s) => (s.LongAt("replicas") ?? 0) - (s.LongAt("updatedReplicas") ?? 0);
        var before = _d["status"];
        return (status.LongAt("updatedReplicas") ?? 0) > (before.LongAt("updatedReplicas") ?? 0)
            || Old(status) < Old(before)
            || (status.LongAt("readyReplicas") ?? 0) > (before.LongAt("readyReplicas") ?? 0)
            || (status.LongAt("availableReplicas") ?? 0) > (before.LongAt("availableReplicas") ?? 0);
    }

    private bool IsTimedOut(JsonObject status)
    {
        if (!HasProgressDeadline()) return false;
        var condition = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (condition is null || condition.StringAt("reason") == DeploymentConditions.NewReplicaSetAvailable) return false;
        if (condition.StringAt("reason") == DeploymentConditions.TimedOut) return true;
        var from = PodState.Time(condition.StringAt("lastUpdateTime")) ?? now;
        return from.AddSeconds(_d.LongAt("spec", "progressDeadlineSeconds") ?? 600) < now;
    }

    private async Task SyncStatusAsync(IEnumerable<JsonObject?> sets, JsonObject? newRs)
    {
        var status = CalculateStatus(sets, newRs);
        if (!JsonNode.DeepEquals(status, _d["status"])) await WriteStatusAsync(status);
    }

    private async Task SyncRolloutStatusAsync(IEnumerable<JsonObject?> sets, JsonObject? newRs)
    {
        var status = CalculateStatus(sets, newRs);
        if (!HasProgressDeadline()) DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        var complete = (status.LongAt("replicas") ?? 0) == (status.LongAt("updatedReplicas") ?? 0)
            && current?.StringAt("reason") == DeploymentConditions.NewReplicaSetAvailable;
        var rsName = newRs is null ? "" : ObjectMeta.Name(newRs);
        if (HasProgressDeadline() && !complete)
        {
            if (IsComplete(status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable,
                    $"ReplicaSet \"{rsName}\" has successfully progressed.", now));
            }
            else if (IsProgressing(status))
            {
                var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated,
                    newRs is null ? "Deployment is progressing." : $"ReplicaSet \"{rsName}\" is progressing.", now);
                if (current is not null && current.StringAt("status") == "True") condition["lastTransitionTime"] = current.StringAt("lastTransitionTime");
                DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
                DeploymentConditions.Set(status, condition);
            }
            else if (IsTimedOut(status))
            {
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.TimedOut,
                    $"ReplicaSet \"{rsName}\" has timed out progressing.", now));
            }
        }
        if (JsonNode.DeepEquals(status, _d["status"]))
        {
            RequeueIfStuck(status);
            return;
        }
        await WriteStatusAsync(status);
        RequeueIfStuck(status);
    }

    /// <summary>A rollout that stops making progress hears of it when its deadline passes, not at the next unrelated event.</summary>
    private void RequeueIfStuck(JsonObject status)
    {
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (!HasProgressDeadline() || current is null) return;
        if (IsComplete(status) || current.StringAt("reason") == DeploymentConditions.TimedOut) return;
        var from = PodState.Time(current.StringAt("lastUpdateTime")) ?? now;
        var after = from.AddSeconds(_d.LongAt("spec", "progressDeadlineSeconds") ?? 600) - now;
        requeueAfter(after < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : after + TimeSpan.FromSeconds(1));
    }

    private async Task WriteStatusAsync(JsonObject status)
    {
        var copy = (JsonObject)_d.DeepClone();
        copy["status"] = status;
        _d = await control.UpdateStatusAsync(ResourceTypes.Deployment, copy, cancellationToken);
    }
}
