using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// How long the Job controller waits before it creates pods after failures, as Kubernetes' does
/// (backoff_utils.go): with n failures since the last success, 10 s after the first, 20 s after
/// the second, 40 s … at most 6 minutes, counted from when the latest failed pod finished. A Job
/// whose pods crash at once so takes minutes to use up a backoffLimit of 6, not a second.
/// </summary>
internal static class PodFailureBackoff
{
    public static readonly TimeSpan Base = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Max = TimeSpan.FromMinutes(6);

    /// <summary>The delay after <paramref name="failures"/> consecutive failures: none without one.</summary>
    public static TimeSpan Delay(int failures) =>
        failures <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Base.Ticks << Math.Min(failures - 1, 16), Max.Ticks));

    /// <summary>How long from <paramref name="now"/> until new pods may be created; zero when they may be now.</summary>
    public static TimeSpan Remaining(int failures, DateTimeOffset lastFailure, DateTimeOffset now)
    {
        var remaining = lastFailure + Delay(failures) - now;
        return failures > 0 && remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    /// <summary>
    /// When the pod finished, as the job controller reads it: when it stopped being ready; else
    /// when the last of its containers (and sidecars) terminated, once all have; else when it was
    /// asked to stop (its deletion deadline less the grace period); else its creation.
    /// </summary>
    internal static DateTimeOffset FinishedAt(JsonObject pod)
    {
        if (pod.At("status", "conditions") is JsonArray conditions
            && conditions.FirstOrDefault(c => c.StringAt("type") == "Ready") is { } ready && ready.StringAt("status") == "False"
            && PodState.Time(ready.StringAt("lastTransitionTime")) is { } notReady)
            return notReady;
        if (ContainersFinishedAt(pod) is { } finished) return finished;
        if (PodState.Time(ObjectMeta.DeletionTimestamp(pod)) is { } deadline)
            return deadline.AddSeconds(-(pod.LongAt("metadata", "deletionGracePeriodSeconds") ?? 0));
        return PodState.Time(pod.StringAt("metadata", "creationTimestamp")) ?? DateTimeOffset.MinValue;
    }

    /// <summary>The latest finishedAt of the containers and restartable init containers; null while any of them has not terminated.</summary>
    private static DateTimeOffset? ContainersFinishedAt(JsonObject pod)
    {
        var sidecars = (pod.At("spec", "initContainers") as JsonArray ?? [])
            .Where(c => c.StringAt("restartPolicy") == "Always").Select(c => c.StringAt("name")).ToHashSet(StringComparer.Ordinal);
        var statuses = (pod.At("status", "containerStatuses") as JsonArray ?? []).Concat(
            (pod.At("status", "initContainerStatuses") as JsonArray ?? []).Where(s => sidecars.Contains(s.StringAt("name"))));
        DateTimeOffset? latest = null;
        foreach (var status in statuses)
        {
            if (PodState.Time(status.StringAt("state", "terminated", "finishedAt")) is not { } at) return null;
            if (latest is null || at > latest) latest = at;
        }
        return latest;
    }
}
