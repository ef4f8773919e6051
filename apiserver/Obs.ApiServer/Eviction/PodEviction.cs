using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Http;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Eviction;

/// <summary>
/// An eviction, independent of HTTP, as kube-apiserver performs it: a pod that is not running (or
/// already going) is deleted at once; otherwise the one PodDisruptionBudget covering the pod is
/// charged a disruption with a compare-and-swap on its status, and only then is the pod deleted
/// with the eviction's delete options. Admission webhooks were asked about the eviction itself (pods/eviction); the
/// pod's mark and deletion are not sent to them, as kube-apiserver makes both on its storage directly. The budget's
/// charge is a status write kube-apiserver makes through its own client, and is sent.
/// </summary>
public sealed class PodEviction(ObjectRegistry registry, ReadEndpoint reads, WatchCache cache, TimeProvider time)
{
    // client-go's retry.DefaultRetry: attempts when another write to the pod got in between.
    private const int ConflictAttempts = 5;

    public async Task EvictAsync(string ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        var pod = await DeleteIfBudgetIrrelevantAsync(ns, name, options, cancellationToken);
        if (pod is null) return;

        var budgets = DisruptionBudgets.Matching(await BudgetsAsync(ns, cancellationToken), pod);
        if (budgets.Count > 1) throw EvictionErrors.MoreThanOneBudget();
        var budget = budgets.Count == 1 ? budgets[0] : null;
        var pinVersion = false;
        if (budget is not null)
        {
            // An unready pod the budget can spare goes without using up a disruption; its
            // resourceVersion is pinned so that it cannot become ready (and count) meanwhile.
            if (!IsReady(pod) && DisruptionBudgets.UnhealthyPodMayGo(budget)) pinVersion = true;
            else await ChargeAsync(budget, name, options.DryRun, cancellationToken);
        }

        var deleteOptions = pinVersion && options.PreconditionResourceVersion is null
            ? options with { PreconditionResourceVersion = ObjectMeta.ResourceVersion(pod) }
            : options;
        try
        {
            await DeletePodAsync(ns, name, deleteOptions, going: false, cancellationToken);
        }
        catch (ApiException e) when (e.Code == 409 && deleteOptions != options)
        {
            // The pod changed since it was judged unhealthy: the client should ask again.
            throw EvictionErrors.TooManyRequests($"The disruption budget {ObjectMeta.Name(budget)} could not be checked against the pod's latest state.");
        }
    }

    /// <summary>
    /// Deletes the pod when its budget does not matter (not running, or already going) and returns
    /// null; otherwise returns the pod for the budget check. Conflicts are retried unless the
    /// client pinned the pod's version itself.
    /// </summary>
    private async Task<JsonObject?> DeleteIfBudgetIrrelevantAsync(string ns, string name, DeleteOptions options, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var pod = await registry.GetAsync(ResourceTypes.Pod, ns, name, cancellationToken);
            if (!DisruptionBudgets.CanIgnore(pod)) return pod;
            var deleteOptions = DisruptionBudgets.MustPinVersion(pod) && options.PreconditionResourceVersion is null
                ? options with { PreconditionResourceVersion = ObjectMeta.ResourceVersion(pod) }
                : options;
            try
            {
                await DeletePodAsync(ns, name, deleteOptions, ObjectMeta.DeletionTimestamp(pod) is not null, cancellationToken);
                return null;
            }
            catch (ApiException e) when (e.Code == 409 && options.PreconditionResourceVersion is null && attempt < ConflictAttempts)
            {
            }
        }
    }

    /// <summary>The budgets of the namespace as of now: the watch cache first catches up with every write so far.</summary>
    private async Task<IEnumerable<JsonObject>> BudgetsAsync(string ns, CancellationToken cancellationToken)
    {
        await reads.WaitForFreshnessAsync(null, cancellationToken);
        var (items, _) = cache.List(ResourceTypes.PodDisruptionBudget.GroupResource, new WatchFilter(ns, null));
        return items.Select(o => o.ToMutable());
    }

    /// <summary>The stored budget is read again on every attempt, so a refusal is always against its latest status.</summary>
    private Task ChargeAsync(JsonObject budget, string podName, bool dryRun, CancellationToken cancellationToken) =>
        registry.ModifyAsync(ResourceTypes.PodDisruptionBudget, ObjectMeta.Namespace(budget), ObjectMeta.Name(budget)!, "status",
            current => DisruptionBudgets.Charge(current, podName, time.GetUtcNow()),
            new WriteOptions { DryRun = dryRun, FieldManager = "kube-apiserver" }, cancellationToken);

    /// <summary>
    /// Marks the pod with the DisruptionTarget condition (so its owner can tell an eviction from a
    /// crash), then deletes it. A pod already being deleted is only deleted: a write to it would
    /// end its grace period here.
    /// </summary>
    private async Task DeletePodAsync(string ns, string name, DeleteOptions options, bool going, CancellationToken cancellationToken)
    {
        if (!options.DryRun && !going)
        {
            var held = false;
            var marked = await registry.ModifyAsync(ResourceTypes.Pod, ns, name, "status", pod =>
            {
                // A pod the preconditions no longer describe stays as it is; the delete refuses it with their message.
                held = (options.PreconditionUid is not { Length: > 0 } uid || uid == ObjectMeta.Uid(pod)) &&
                    (options.PreconditionResourceVersion is not { Length: > 0 } rv || rv == ObjectMeta.ResourceVersion(pod));
                if (held && ObjectMeta.DeletionTimestamp(pod) is null)
                    PodConditions.Set(pod, "DisruptionTarget", "True", time.GetUtcNow(), "EvictionByEvictionAPI", "Eviction API: evicting");
                return pod;
            }, new WriteOptions { FieldManager = "kube-apiserver", SkipWebhooks = true }, cancellationToken);
            // The condition was our own write: the pinned version moves with it.
            if (held && options.PreconditionResourceVersion is not null) options = options with { PreconditionResourceVersion = ObjectMeta.ResourceVersion(marked) };
        }
        await registry.DeleteAsync(ResourceTypes.Pod, ns, name, options with { SkipWebhooks = true }, cancellationToken);
    }

    private static bool IsReady(JsonObject pod) =>
        (pod.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>().Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True");
}
