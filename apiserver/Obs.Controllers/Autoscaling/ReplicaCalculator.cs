using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;

namespace Obs.Controllers.Autoscaling;

/// <summary>
/// The HPA's replica calculator for Resource metrics (pkg/controller/podautoscaler/replica_calculator.go):
/// desired = ceil(ready pods × usage / target), nothing within the tolerance; when pods are
/// unready or have no sample, the calculation is redone assuming the least helpful usage for them
/// (no usage when scaling up, their target when scaling down), and a result that flips direction
/// or moves the other way is dropped.
/// </summary>
public static class ReplicaCalculator
{
    /// <summary>A Utilization target: <paramref name="targetUtilization"/> percent of the pods' requests.</summary>
    public static ReplicaProposal ForUtilization(int currentReplicas, int targetUtilization, string resource, IReadOnlyList<JsonObject> pods,
        IReadOnlyDictionary<string, PodMetric> metrics, AutoscalingOptions options, DateTimeOffset now)
    {
        var requests = Requests(pods, resource);
        (double Ratio, int? Utilization, long Average) Measure(IReadOnlyDictionary<string, long> usage)
        {
            long used = 0, requested = 0, count = 0;
            foreach (var (pod, value) in usage)
            {
                if (!requests.TryGetValue(pod, out var request)) continue;
                used += value;
                requested += request;
                count++;
            }
            if (requested == 0) throw new MetricsUnavailableException("no metrics returned matched known pods");
            var utilization = (int)(used * 100 / requested);
            return ((double)utilization / targetUtilization, utilization, used / count);
        }
        return Calculate(currentReplicas, resource, pods, metrics, options, now, Measure, pod => requests.GetValueOrDefault(pod));
    }

    /// <summary>An AverageValue target: <paramref name="targetMilli"/> per pod, in milli-units.</summary>
    public static ReplicaProposal ForAverageValue(int currentReplicas, long targetMilli, string resource, IReadOnlyList<JsonObject> pods,
        IReadOnlyDictionary<string, PodMetric> metrics, AutoscalingOptions options, DateTimeOffset now)
    {
        if (targetMilli <= 0) throw new MetricsUnavailableException($"invalid target value for {resource}: it must be above zero");
        (double Ratio, int? Utilization, long Average) Measure(IReadOnlyDictionary<string, long> usage)
        {
            var average = usage.Values.Sum() / usage.Count;
            return ((double)average / targetMilli, null, average);
        }
        return Calculate(currentReplicas, resource, pods, metrics, options, now, Measure, _ => targetMilli);
    }

    private static ReplicaProposal Calculate(int currentReplicas, string resource, IReadOnlyList<JsonObject> pods, IReadOnlyDictionary<string, PodMetric> metrics,
        AutoscalingOptions options, DateTimeOffset now, Func<IReadOnlyDictionary<string, long>, (double Ratio, int? Utilization, long Average)> measure,
        Func<string, long> fullUsage)
    {
        if (pods.Count == 0) throw new MetricsUnavailableException("no pods returned by selector while calculating replica count");
        var groups = PodGroups.Of(pods, metrics, resource, options, now);
        var usage = metrics.Where(m => !groups.Ignored.Contains(m.Key) && !groups.Unready.Contains(m.Key) && pods.Any(p => ObjectMeta.Name(p) == m.Key))
            .ToDictionary(m => m.Key, m => m.Value.Milli);
        if (usage.Count == 0) throw new MetricsUnavailableException("did not receive metrics for targeted pods (pods might be unready)");

        var (ratio, utilization, average) = measure(usage);
        var scaleUpWithUnready = groups.Unready.Count > 0 && ratio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            if (Math.Abs(1.0 - ratio) <= options.Tolerance) return new ReplicaProposal(currentReplicas, utilization, average);
            return new ReplicaProposal((int)Math.Ceiling(ratio * groups.ReadyCount), utilization, average);
        }

        // Assume the least helpful usage for pods without a sample, then see whether the direction still holds.
        foreach (var pod in groups.Missing) usage[pod] = ratio < 1.0 ? fullUsage(pod) : 0;
        if (scaleUpWithUnready)
        {
            foreach (var pod in groups.Unready) usage[pod] = 0;
        }
        var (newRatio, _, _) = measure(usage);
        if (Math.Abs(1.0 - newRatio) <= options.Tolerance || (ratio < 1.0 && newRatio > 1.0) || (ratio > 1.0 && newRatio < 1.0))
            return new ReplicaProposal(currentReplicas, utilization, average);
        var replicas = (int)Math.Ceiling(newRatio * usage.Count);
        if ((newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas))
            return new ReplicaProposal(currentReplicas, utilization, average);
        return new ReplicaProposal(replicas, utilization, average);
    }

    /// <summary>Each pod's summed container requests in milli-units; a container without one makes Utilization impossible.</summary>
    private static Dictionary<string, long> Requests(IReadOnlyList<JsonObject> pods, string resource)
    {
        var requests = new Dictionary<string, long>();
        foreach (var pod in pods)
        {
            long total = 0;
            foreach (var container in (pod.At("spec", "containers") as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (!Quantity.TryFromJson(container.At("resources", "requests", resource), out var request, out _) || container.At("resources", "requests", resource) is null)
                    throw new MetricsUnavailableException($"missing request for {resource} in container {container.StringAt("name")} of Pod {ObjectMeta.Name(pod)}");
                total += request.MilliValue;
            }
            requests[ObjectMeta.Name(pod) ?? ""] = total;
        }
        return requests;
    }
}
