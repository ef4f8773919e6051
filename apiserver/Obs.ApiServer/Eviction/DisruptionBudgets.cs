using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.ApiServer.Eviction;

/// <summary>
/// The eviction subresource's reading of PodDisruptionBudgets (pkg/registry/core/pod/storage/eviction.go):
/// which budgets cover a pod, and charging one disruption to a budget.
/// </summary>
public static class DisruptionBudgets
{
    /// <summary>How long a pod stays in <c>status.disruptedPods</c> before the disruption controller drops it.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>More unconfirmed evictions than this and the budget refuses further ones.</summary>
    public const int MaxDisruptedPods = 2000;

    /// <summary>
    /// The budgets in the pod's namespace whose selector matches its labels. Unlike the disruption
    /// controller, an empty selector matches nothing here: a budget written that way never blocks
    /// every pod of a namespace.
    /// </summary>
    public static List<JsonObject> Matching(IEnumerable<JsonObject> budgets, JsonObject pod)
    {
        var ns = ObjectMeta.Namespace(pod);
        var matching = new List<JsonObject>();
        foreach (var budget in budgets)
        {
            if (ObjectMeta.Namespace(budget) != ns) continue;
            var selector = LabelSelector.FromJson(budget.At("spec", "selector"));
            if (selector.MatchesNothing || selector.IsEmpty || !selector.MatchesObject(pod)) continue;
            matching.Add(budget);
        }
        return matching;
    }

    /// <summary>
    /// Finished and pending pods, and pods already being deleted, disrupt nothing that is running:
    /// they are deleted without asking their budget.
    /// </summary>
    public static bool CanIgnore(JsonObject pod) =>
        pod.StringAt("status", "phase") is "Succeeded" or "Failed" or "Pending" || ObjectMeta.DeletionTimestamp(pod) is not null;

    /// <summary>
    /// Whether the delete must carry the pod's resourceVersion: a pod that is neither finished nor
    /// going could become ready (and count for its budget) between the check and the delete.
    /// </summary>
    public static bool MustPinVersion(JsonObject pod) =>
        pod.StringAt("status", "phase") is not ("Succeeded" or "Failed") && ObjectMeta.DeletionTimestamp(pod) is null;

    /// <summary>
    /// An unready pod is not what the budget protects: it goes without using up a disruption when
    /// the budget says so (<c>AlwaysAllow</c>), or when the budget is met without it.
    /// </summary>
    public static bool UnhealthyPodMayGo(JsonObject budget) =>
        budget.StringAt("spec", "unhealthyPodEvictionPolicy") == "AlwaysAllow" ||
        (budget.LongAt("status", "desiredHealthy") is > 0 and var desired && (budget.LongAt("status", "currentHealthy") ?? 0) >= desired);

    /// <summary>
    /// checkAndDecrement: the budget with one disruption fewer and the pod recorded as disrupted
    /// at <paramref name="now"/>, or a 429/403 when the budget does not allow it.
    /// </summary>
    public static JsonObject Charge(JsonObject budget, string podName, DateTimeOffset now)
    {
        var name = ObjectMeta.Name(budget) ?? "";
        var status = budget.Ensure("status");
        if ((status.LongAt("observedGeneration") ?? 0) < ObjectMeta.Generation(budget))
            throw EvictionErrors.NotYetProcessed(name);
        var allowed = status.LongAt("disruptionsAllowed") ?? 0;
        if (allowed < 0) throw EvictionErrors.Forbidden(name, "pdb disruptions allowed is negative");
        var disrupted = status["disruptedPods"] as JsonObject;
        if (disrupted is not null && disrupted.Count > MaxDisruptedPods)
            throw EvictionErrors.Forbidden(name, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
        if (allowed == 0)
        {
            throw EvictionErrors.TooManyRequests(
                $"The disruption budget {name} needs {status.LongAt("desiredHealthy") ?? 0} healthy pods and has {status.LongAt("currentHealthy") ?? 0} currently");
        }
        status["disruptionsAllowed"] = allowed - 1;
        if (allowed == 1) SetInsufficient(status, now);
        if (disrupted is null) status["disruptedPods"] = disrupted = [];
        // Tells the disruption controller not to count the pod as healthy while its deletion is on the way.
        disrupted[podName] = Timestamps.Format(now);
        return budget;
    }

    /// <summary>The DisruptionAllowed condition once the last allowed disruption is used up.</summary>
    private static void SetInsufficient(JsonObject status, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == "DisruptionAllowed");
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = "DisruptionAllowed" };
            conditions.Add(condition);
        }
        if (condition.StringAt("status") != "False") condition["lastTransitionTime"] = Timestamps.Format(now);
        condition["status"] = "False";
        condition["reason"] = "InsufficientPods";
        condition["message"] = "";
        condition["observedGeneration"] = status.LongAt("observedGeneration") ?? 0;
    }
}
