using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// How long the Job controller waits before it replaces failed pods, as Kubernetes' does: the pods
/// that failed since the last one succeeded count; the first is replaced at once, the next after
/// 10 s, then 20 s, 40 s … after the latest failure, at most 6 minutes. A Job whose pods crash at
/// once so takes minutes to use up a backoffLimit of 6, not a second.
/// </summary>
internal static class PodFailureBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    /// <summary>How long from <paramref name="now"/> until new pods may be created; zero when they may be now.</summary>
    public static TimeSpan Remaining(IEnumerable<JsonObject> pods, DateTimeOffset now)
    {
        var finished = pods.Select(p => (Phase: p.StringAt("status", "phase"), At: FinishedAt(p))).ToList();
        var lastSuccess = finished.Where(p => p.Phase == "Succeeded").Select(p => p.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var failures = finished.Where(p => p.Phase == "Failed" && p.At > lastSuccess).Select(p => p.At).ToList();
        if (failures.Count <= 1) return TimeSpan.Zero;
        var delay = TimeSpan.FromTicks(Math.Min(Base.Ticks << Math.Min(failures.Count - 2, 16), Max.Ticks));
        var remaining = failures.Max() + delay - now;
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>
    /// When the pod finished: the latest finishedAt of its containers, else its creation, which is never
    /// later than the truth, so a pod without times never holds its Job back longer than it should.
    /// </summary>
    internal static DateTimeOffset FinishedAt(JsonObject pod)
    {
        var finishes = new[] { "containerStatuses", "initContainerStatuses" }
            .SelectMany(field => pod.At("status", field) as JsonArray ?? [])
            .Select(s => PodState.Time(s?.StringAt("state", "terminated", "finishedAt")))
            .OfType<DateTimeOffset>()
            .ToList();
        return finishes.Count > 0 ? finishes.Max() : PodState.Time(pod.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;
    }
}
