using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Disruption;

/// <summary>
/// The arithmetic of a PodDisruptionBudget's status (pkg/controller/disruption): how many pods it
/// expects and wants healthy, how many are, and so how many may be disrupted now.
/// </summary>
internal static class BudgetStatus
{
    /// <summary>An eviction records its pod in disruptedPods; after this long without the pod going, it counts again.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    public const string DisruptionAllowed = "DisruptionAllowed";

    /// <summary>
    /// Expected pods and desired healthy pods: an integer minAvailable against the matching pods;
    /// a percentage, or maxUnavailable, against the replicas their controllers want (rounded up).
    /// </summary>
    public static (long Expected, long DesiredHealthy) Desired(JsonObject budget, IReadOnlyList<JsonObject> pods, Func<long> expectedScale)
    {
        var spec = budget["spec"];
        if (IntOrString.FromJson(spec.At("maxUnavailable")) is { } maxUnavailable)
        {
            var expected = expectedScale();
            return (expected, Math.Max(0, expected - Scaled(maxUnavailable, expected)));
        }
        if (IntOrString.FromJson(spec.At("minAvailable")) is { } minAvailable)
        {
            if (minAvailable.IntValue is { } count) return (pods.Count, count);
            var expected = expectedScale();
            return (expected, Scaled(minAvailable, expected));
        }
        return (0, 0);
    }

    private static long Scaled(IntOrString value, long total) =>
        value.TryGetScaledValue(total, roundUp: true, out var scaled, out var error) ? scaled : throw new BudgetSyncException(error!);

    /// <summary>
    /// The disruptedPods entries still pending: pods that exist, are not yet being deleted, and
    /// were evicted less than <see cref="DeletionTimeout"/> ago; and when the earliest of them expires.
    /// </summary>
    public static (JsonObject Pending, DateTimeOffset? Recheck) PendingDisruptions(JsonObject budget, IEnumerable<JsonObject> pods, DateTimeOffset now)
    {
        var pending = new JsonObject();
        DateTimeOffset? recheck = null;
        if (budget.At("status", "disruptedPods") is not JsonObject recorded) return (pending, recheck);
        foreach (var pod in pods)
        {
            var name = ObjectMeta.Name(pod) ?? "";
            if (ObjectMeta.DeletionTimestamp(pod) is not null || PodState.Time(recorded.StringAt(name)) is not { } disrupted) continue;
            var expires = disrupted + DeletionTimeout;
            if (expires < now) continue;
            if (recheck is null || expires < recheck) recheck = expires;
            pending[name] = recorded[name]!.DeepClone();
        }
        return (pending, recheck);
    }

    /// <summary>Ready pods that are neither being deleted nor about to be (in <paramref name="pending"/>).</summary>
    public static long Healthy(IEnumerable<JsonObject> pods, JsonObject pending) =>
        pods.Count(p => ObjectMeta.DeletionTimestamp(p) is null && !pending.ContainsKey(ObjectMeta.Name(p) ?? "") && PodState.IsReady(p));

    /// <summary>
    /// The status to write, or null when the stored one already says all this. A budget expecting
    /// no pods allows no disruption: its first pods are protected before the controller sees them.
    /// </summary>
    public static JsonObject? Next(JsonObject budget, long expected, long desiredHealthy, long healthy, JsonObject pending, DateTimeOffset now)
    {
        var allowed = expected <= 0 ? 0 : Math.Max(0, healthy - desiredHealthy);
        var generation = ObjectMeta.Generation(budget);
        var status = budget["status"] as JsonObject ?? [];
        if (status.LongAt("currentHealthy") == healthy && status.LongAt("desiredHealthy") == desiredHealthy &&
            status.LongAt("expectedPods") == expected && status.LongAt("disruptionsAllowed") == allowed &&
            status.LongAt("observedGeneration") == generation && SameDisruptions(status["disruptedPods"] as JsonObject, pending) &&
            ConditionUpToDate(status, allowed))
        {
            return null;
        }
        var next = new JsonObject
        {
            ["observedGeneration"] = generation,
            ["disruptionsAllowed"] = allowed,
            ["currentHealthy"] = healthy,
            ["desiredHealthy"] = desiredHealthy,
            ["expectedPods"] = expected,
            ["conditions"] = status["conditions"]?.DeepClone() ?? new JsonArray(),
        };
        if (pending.Count > 0) next["disruptedPods"] = pending.DeepClone();
        if (allowed > 0) SetCondition(next, "True", "SufficientPods", "", now);
        else SetCondition(next, "False", "InsufficientPods", "", now);
        return next;
    }

    /// <summary>failSafe: a budget the controller could not work out allows nothing, and says why.</summary>
    public static JsonObject Failed(JsonObject budget, string why, DateTimeOffset now)
    {
        var status = (budget["status"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        status["disruptionsAllowed"] = 0;
        SetCondition(status, "False", "SyncFailed", why, now);
        return status;
    }

    /// <summary>apimeta.SetStatusCondition: the transition time moves only when the status does.</summary>
    private static void SetCondition(JsonObject status, string value, string reason, string message, DateTimeOffset now)
    {
        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = [];
        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == DisruptionAllowed);
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = DisruptionAllowed };
            conditions.Add(condition);
        }
        if (condition.StringAt("status") != value) condition["lastTransitionTime"] = Timestamps.Format(now);
        condition["status"] = value;
        condition["reason"] = reason;
        condition["message"] = message;
        condition["observedGeneration"] = status.LongAt("observedGeneration") ?? 0;
    }

    private static bool ConditionUpToDate(JsonObject status, long allowed)
    {
        var condition = (status["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == DisruptionAllowed);
        return allowed > 0
            ? condition?.StringAt("status") == "True" && condition.StringAt("reason") == "SufficientPods"
            : condition?.StringAt("status") == "False" && condition.StringAt("reason") == "InsufficientPods";
    }

    private static bool SameDisruptions(JsonObject? stored, JsonObject pending) =>
        (stored?.Count ?? 0) == pending.Count && pending.All(e => stored![e.Key]?.ToJsonString() == e.Value?.ToJsonString());
}
