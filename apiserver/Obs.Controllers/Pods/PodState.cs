using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Pods;

/// <summary>What controllers read off a pod: whether it counts, is ready, is available.</summary>
public static class PodState
{
    /// <summary>Not finished and not being deleted (controller.IsPodActive).</summary>
    public static bool IsActive(JsonNode pod) =>
        pod.StringAt("status", "phase") is not ("Succeeded" or "Failed") && ObjectMeta.DeletionTimestamp(pod) is null;

    public static bool IsReady(JsonNode pod) => ReadyCondition(pod)?.StringAt("status") == "True";

    /// <summary>Ready for at least <paramref name="minReadySeconds"/> at <paramref name="now"/>.</summary>
    public static bool IsAvailable(JsonNode pod, long minReadySeconds, DateTimeOffset now)
    {
        if (!IsReady(pod)) return false;
        if (minReadySeconds <= 0) return true;
        return ReadySince(pod) is { } since && since.AddSeconds(minReadySeconds) <= now;
    }

    public static DateTimeOffset? ReadySince(JsonNode pod) => Time(ReadyCondition(pod)?.StringAt("lastTransitionTime"));

    public static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonNode? ReadyCondition(JsonNode pod) =>
        pod.At("status", "conditions") is JsonArray conditions ? conditions.FirstOrDefault(c => c.StringAt("type") == "Ready") : null;

    public static long RestartCount(JsonNode pod) =>
        pod.At("status", "containerStatuses") is JsonArray statuses ? statuses.Sum(s => s.LongAt("restartCount") ?? 0) : 0;

    /// <summary>
    /// Orders pods least valuable first (controller.ActivePods): unscheduled before scheduled,
    /// Pending before Unknown before Running, not ready before ready, ready more recently before
    /// ready longer, more restarts before fewer, younger before older.
    /// </summary>
    public static int CompareForDeletion(JsonNode a, JsonNode b) => Compare(a, b, byDeletionCost: false);

    /// <summary>
    /// The order a ReplicaSet scales down in (ActivePodsWithRanks): as <see cref="CompareForDeletion"/>, with the
    /// lower <c>controller.kubernetes.io/pod-deletion-cost</c> first among pods equally scheduled, running and ready.
    /// Jobs sort without it, as Kubernetes' Job controller does.
    /// </summary>
    public static int CompareForScaleDown(JsonNode a, JsonNode b) => Compare(a, b, byDeletionCost: true);

    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>The pod's deletion cost: an int32 in its annotation, 0 when it has none or one that does not parse.</summary>
    public static int DeletionCost(JsonNode pod) =>
        int.TryParse(pod.StringAt("metadata", "annotations", DeletionCostAnnotation), System.Globalization.NumberStyles.AllowLeadingSign,
            System.Globalization.CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    private static int Compare(JsonNode a, JsonNode b, bool byDeletionCost)
    {
        var c = HasNode(a).CompareTo(HasNode(b));
        if (c != 0) return c;
        c = PhaseRank(a).CompareTo(PhaseRank(b));
        if (c != 0) return c;
        c = IsReady(a).CompareTo(IsReady(b));
        if (c != 0) return c;
        if (byDeletionCost && (c = DeletionCost(a).CompareTo(DeletionCost(b))) != 0) return c;
        if (IsReady(a) && ReadySince(a) is { } ra && ReadySince(b) is { } rb && ra != rb) return rb.CompareTo(ra);
        c = RestartCount(b).CompareTo(RestartCount(a));
        if (c != 0) return c;
        var ca = Time(a.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;
        var cb = Time(b.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;
        return cb.CompareTo(ca);
    }

    private static bool HasNode(JsonNode pod) => !string.IsNullOrEmpty(pod.StringAt("spec", "nodeName"));

    private static int PhaseRank(JsonNode pod) => pod.StringAt("status", "phase") switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };
}
