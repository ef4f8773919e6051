using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Conversion;

/// <summary>
/// autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler, as Kubernetes converts them: v1 has
/// only a CPU utilisation target, so whatever else v2 holds (other metrics, conditions, current
/// metrics, behavior) travels in v1 as JSON in <c>autoscaling.alpha.kubernetes.io/*</c>
/// annotations and is restored from them, which keeps a read-modify-write through v1 lossless.
/// </summary>
public static class HorizontalPodAutoscalerConversion
{
    public const string MetricsAnnotation = "autoscaling.alpha.kubernetes.io/metrics";
    public const string CurrentMetricsAnnotation = "autoscaling.alpha.kubernetes.io/current-metrics";
    public const string ConditionsAnnotation = "autoscaling.alpha.kubernetes.io/conditions";
    public const string BehaviorAnnotation = "autoscaling.alpha.kubernetes.io/behavior";

    public static JsonObject ToV1(JsonObject v2)
    {
        var obj = (JsonObject)v2.DeepClone();
        obj["apiVersion"] = "autoscaling/v1";
        var annotations = new Dictionary<string, string>();
        if (obj["spec"] is JsonObject spec)
        {
            var metrics = spec["metrics"] as JsonArray ?? [];
            spec.Remove("metrics");
            var others = new JsonArray();
            foreach (var metric in metrics)
            {
                if (CpuUtilisationTarget(metric) is { } percent && spec["targetCPUUtilizationPercentage"] is null)
                    spec["targetCPUUtilizationPercentage"] = percent;
                else if (metric is not null) others.Add(metric.DeepClone());
            }
            if (others.Count > 0) annotations[MetricsAnnotation] = others.ToJsonString();
            if (spec["behavior"] is { } behavior)
            {
                annotations[BehaviorAnnotation] = behavior.ToJsonString();
                spec.Remove("behavior");
            }
        }
        if (obj["status"] is JsonObject status)
        {
            var current = status["currentMetrics"] as JsonArray ?? [];
            status.Remove("currentMetrics");
            var others = new JsonArray();
            foreach (var metric in current)
            {
                if (metric.StringAt("type") == "Resource" && metric.StringAt("resource", "name") == "cpu"
                    && metric.LongAt("resource", "current", "averageUtilization") is { } percent && status["currentCPUUtilizationPercentage"] is null)
                    status["currentCPUUtilizationPercentage"] = percent;
                else if (metric is not null) others.Add(metric.DeepClone());
            }
            if (others.Count > 0) annotations[CurrentMetricsAnnotation] = others.ToJsonString();
            if (status["conditions"] is JsonArray { Count: > 0 } conditions) annotations[ConditionsAnnotation] = conditions.ToJsonString();
            status.Remove("conditions");
        }
        if (annotations.Count > 0)
        {
            var target = obj.Ensure("metadata", "annotations");
            foreach (var (key, value) in annotations) target[key] = value;
        }
        return obj;
    }

    public static JsonObject ToV2(JsonObject v1)
    {
        var obj = (JsonObject)v1.DeepClone();
        obj["apiVersion"] = "autoscaling/v2";
        var annotations = obj.At("metadata", "annotations") as JsonObject;
        var spec = obj["spec"] as JsonObject;
        if (spec is not null)
        {
            var metrics = new JsonArray();
            if (spec["targetCPUUtilizationPercentage"] is JsonValue percent)
            {
                // As a JsonNode, for the plain Add(JsonNode?): Add<JsonObject> is the generic overload, marked as needing reflection.
                metrics.Add((JsonNode)new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject
                    {
                        ["name"] = "cpu",
                        ["target"] = new JsonObject { ["type"] = "Utilization", ["averageUtilization"] = percent.DeepClone() },
                    },
                });
            }
            spec.Remove("targetCPUUtilizationPercentage");
            foreach (var metric in Restore(annotations, MetricsAnnotation) as JsonArray ?? []) metrics.Add(metric?.DeepClone());
            if (metrics.Count > 0) spec["metrics"] = metrics;
            if (Restore(annotations, BehaviorAnnotation) is JsonObject behavior) spec["behavior"] = behavior;
        }
        var status = obj["status"] as JsonObject;
        if (status is not null)
        {
            var current = new JsonArray();
            if (status["currentCPUUtilizationPercentage"] is JsonValue percent)
            {
                current.Add((JsonNode)new JsonObject
                {
                    ["type"] = "Resource",
                    ["resource"] = new JsonObject
                    {
                        ["name"] = "cpu",
                        ["current"] = new JsonObject { ["averageUtilization"] = percent.DeepClone() },
                    },
                });
            }
            status.Remove("currentCPUUtilizationPercentage");
            foreach (var metric in Restore(annotations, CurrentMetricsAnnotation) as JsonArray ?? []) current.Add(metric?.DeepClone());
            if (current.Count > 0) status["currentMetrics"] = current;
            if (Restore(annotations, ConditionsAnnotation) is JsonArray conditions) status["conditions"] = conditions;
        }
        else
        {
            Restore(annotations, CurrentMetricsAnnotation);
            Restore(annotations, ConditionsAnnotation);
        }
        if (annotations is { Count: 0 }) ((JsonObject)obj["metadata"]!).Remove("annotations");
        return obj;
    }

    private static long? CpuUtilisationTarget(JsonNode? metric) =>
        metric.StringAt("type") == "Resource" && metric.StringAt("resource", "name") == "cpu" && metric.StringAt("resource", "target", "type") == "Utilization"
            ? metric.LongAt("resource", "target", "averageUtilization")
            : null;

    /// <summary>Takes one annotation out and parses it; an unparseable one is dropped, as Kubernetes ignores it.</summary>
    private static JsonNode? Restore(JsonObject? annotations, string key)
    {
        if (annotations?[key] is not JsonValue value || !value.TryGetValue<string>(out var text)) return null;
        annotations.Remove(key);
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
