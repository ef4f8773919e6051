using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Autoscaling;

/// <summary>
/// The replica calculator's sorting of the target's pods (groupPods): ready pods with a sample
/// count; pending pods, and pods whose CPU sample may still reflect start-up, are unready; pods
/// without a sample are missing; deleted and failed pods are ignored.
/// </summary>
internal sealed record PodGroups(int ReadyCount, IReadOnlySet<string> Unready, IReadOnlySet<string> Missing, IReadOnlySet<string> Ignored)
{
    public static PodGroups Of(IReadOnlyList<JsonObject> pods, IReadOnlyDictionary<string, PodMetric> metrics, string resource, AutoscalingOptions options, DateTimeOffset now)
    {
        var ready = 0;
        HashSet<string> unready = [], missing = [], ignored = [];
        foreach (var pod in pods)
        {
            var name = ObjectMeta.Name(pod) ?? "";
            var phase = pod.StringAt("status", "phase");
            if (ObjectMeta.DeletionTimestamp(pod) is not null || phase == "Failed")
            {
                ignored.Add(name);
                continue;
            }
            if (phase == "Pending")
            {
                unready.Add(name);
                continue;
            }
            if (!metrics.TryGetValue(name, out var metric))
            {
                missing.Add(name);
                continue;
            }
            if (resource == "cpu" && CpuSampleUntrusted(pod, metric, options, now))
            {
                unready.Add(name);
                continue;
            }
            ready++;
        }
        return new PodGroups(ready, unready, missing, ignored);
    }

    private static bool CpuSampleUntrusted(JsonObject pod, PodMetric metric, AutoscalingOptions options, DateTimeOffset now)
    {
        var condition = (pod.At("status", "conditions") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == "Ready");
        var started = Time(pod.StringAt("status", "startTime"));
        if (condition is null || started is null) return true;
        var transition = Time(condition.StringAt("lastTransitionTime")) ?? started.Value;
        var isReady = condition.StringAt("status") == "True";
        if (started.Value + options.CpuInitializationPeriod > now)
        {
            // Young pod: its CPU counts once it is ready and a whole window was measured after that.
            return !isReady || metric.Timestamp < transition + metric.Window;
        }
        // Older pod: unready counts as not started only if it never became ready since starting.
        return !isReady && started.Value + options.InitialReadinessDelay > transition;
    }

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
