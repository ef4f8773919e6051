using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quota;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer.Registry;

/// <summary>
/// ResourceQuota admission: an object the namespace's quotas would not hold is refused (403), and what an
/// admitted one adds is charged to each quota's <c>status.used</c> with a compare-and-swap on the quota's
/// revision before the object is stored, as Kubernetes charges it. Two writes (on this apiserver or another)
/// racing for the last of a quota cannot both win: the loser's swap fails, it reads the quota again from the
/// database and is checked against what the winner charged. A charge whose object then fails to be stored
/// is given back by the quota controller's recount. Quotas are found in the watch cache, so a quota applies
/// from the moment this apiserver's cache holds it (normally milliseconds after it is written); a refusal is
/// checked against the database's copy of the quotas first.
/// </summary>
public sealed class QuotaAdmission(ObjectStore store, WatchCache cache, TimeProvider time)
{
    // Each failed swap means another write was charged: enough for many hundreds of writes racing for one quota.
    private const int Attempts = 200;

    /// <summary>
    /// Checks <paramref name="obj"/> (replacing <paramref name="old"/> on an update) and, unless <paramref name="charge"/>
    /// is false (a dry run), charges it. Throws 403 Forbidden with Kubernetes' message when a quota refuses it.
    /// </summary>
    public async Task AdmitAsync(ResourceType type, string ns, JsonObject obj, JsonObject? old, bool charge, CancellationToken cancellationToken)
    {
        if (!type.Namespaced) return;
        var quotas = cache.List(ResourceTypes.ResourceQuota.GroupResource, new WatchFilter(ns, null)).Items.Select(q => q.ToMutable()).ToList();
        if (quotas.Count == 0) return;
        var fromDatabase = false;
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var decision = QuotaEvaluator.Evaluate(type.GroupResource, obj, old, quotas, time.GetUtcNow());
            if (decision.Refusal is { } refusal)
            {
                // The cache may be behind a recount that gave quota back: a refusal is only given from the database's copy.
                if (fromDatabase) throw ApiErrors.Forbidden(type, ObjectMeta.Name(obj), refusal);
                quotas = await ReadAsync(ns, [.. quotas.Select(q => ObjectMeta.Name(q) ?? "")], cancellationToken);
                fromDatabase = true;
                continue;
            }
            if (!charge) return;
            var stale = new List<string>();
            foreach (var change in decision.Charges)
            {
                var quota = quotas.First(q => ObjectMeta.Name(q) == change.Quota);
                if (await ChargeAsync(ns, quota, change, cancellationToken)) quotas.Remove(quota);
                else stale.Add(change.Quota);
            }
            if (stale.Count == 0) return;
            // Quotas charged already stay charged; the others are read again, now from the database, and the write
            // is checked against them afresh (one whose quota has gone meanwhile no longer counts against it).
            quotas = await ReadAsync(ns, stale, cancellationToken);
            fromDatabase = true;
            if (quotas.Count == 0) return;
            await Task.Delay(Random.Shared.Next(0, 3), cancellationToken);
        }
        throw ApiErrors.Modified(ResourceTypes.ResourceQuota, string.Join(",", quotas.Select(ObjectMeta.Name)));
    }

    /// <summary>Writes the quota with its new usage if it is still at the revision the usage was computed from.</summary>
    private async Task<bool> ChargeAsync(string ns, JsonObject quota, QuotaCharge change, CancellationToken cancellationToken)
    {
        var revision = long.Parse(change.ResourceVersion ?? "0", CultureInfo.InvariantCulture);
        var charged = (JsonObject)quota.DeepClone();
        charged.Ensure("status")["used"] = change.Used;
        var result = await store.UpdateAsync(ObjectRegistry.KeyOf(ResourceTypes.ResourceQuota, ns, change.Quota), revision, StoredJson.Serialize(charged), cancellationToken);
        return result.Status == WriteStatus.Written;
    }

    private async Task<List<JsonObject>> ReadAsync(string ns, List<string> names, CancellationToken cancellationToken)
    {
        var fresh = new List<JsonObject>();
        foreach (var name in names)
        {
            if (await store.GetAsync(ObjectRegistry.KeyOf(ResourceTypes.ResourceQuota, ns, name), cancellationToken) is { } stored)
                fresh.Add(ObjectRegistry.Materialize(stored));
        }
        return fresh;
    }
}
