using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>HorizontalPodAutoscalers and PodDisruptionBudgets.</summary>
internal static class AutoscalingTables
{
    public static readonly TableColumn[] HpaColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Reference", "The scale target, as kind/name."),
        CommonColumns.Text("Targets", "The current and target value of each metric."),
        CommonColumns.Text("MinPods", "The lower limit for the number of pods that can be set by the autoscaler."),
        CommonColumns.Text("MaxPods", "The upper limit for the number of pods that can be set by the autoscaler."),
        CommonColumns.Text("Replicas", "Current number of replicas of pods managed by this autoscaler."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Hpa(JsonObject obj, DateTimeOffset now)
    {
        var target = obj["spec"]?["scaleTargetRef"];
        var minPods = Fields.OptionalInteger(obj, "spec", "minReplicas") is { } min ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : "<unset>";
        return
        [
            ObjectCells.Name(obj),
            Cell.Text($"{Fields.Text(target, "kind")}/{Fields.Text(target, "name")}"),
            Cell.Text(Metrics(Fields.Items(obj, "spec", "metrics"), Fields.Items(obj, "status", "currentMetrics"))),
            Cell.Text(minPods),
            Cell.Integer(Fields.Integer(obj, "spec", "maxReplicas")),
            Cell.Integer(Fields.Integer(obj, "status", "currentReplicas")),
            ObjectCells.Age(obj, now),
        ];
    }

    /// <summary>
    /// Each metric as current/target (<c>cpu: 35%/80%</c>, <c>12/100 (avg)</c>), matched with the status
    /// by position; unknown values print as <c>&lt;unknown&gt;</c>. Two shown, then <c>+ N more...</c>.
    /// </summary>
    private static string Metrics(IReadOnlyList<JsonObject> specs, IReadOnlyList<JsonObject> statuses)
    {
        if (specs.Count == 0) return "<none>";
        const int max = 2;
        var list = new List<string>();
        for (var i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            var status = i < statuses.Count ? statuses[i] : null;
            list.Add(Fields.Text(spec, "type") switch
            {
                "External" => ValueMetric(spec["external"], status?["external"]),
                "Object" => ValueMetric(spec["object"], status?["object"]),
                "Pods" => $"{Current(status?["pods"], "averageValue")}/{StorageTables.Quantity(spec["pods"]?["target"]?["averageValue"])}",
                "Resource" => ResourceMetric(spec["resource"], status?["resource"]),
                "ContainerResource" => ResourceMetric(spec["containerResource"], status?["containerResource"]),
                _ => "<unknown type>",
            });
        }
        var text = string.Join(", ", list.Take(max));
        return list.Count > max ? $"{text} + {list.Count - max} more..." : text;
    }

    private static string ValueMetric(JsonNode? spec, JsonNode? status)
    {
        var target = spec?["target"];
        if (target?["averageValue"] is { } average)
        {
            return $"{Current(status, "averageValue")}/{StorageTables.Quantity(average)} (avg)";
        }
        return $"{Current(status, "value")}/{StorageTables.Quantity(target?["value"])}";
    }

    private static string ResourceMetric(JsonNode? spec, JsonNode? status)
    {
        var name = Fields.Text(spec, "name");
        var target = spec?["target"];
        if (target?["averageValue"] is { } average)
        {
            return $"{name}: {Current(status, "averageValue")}/{StorageTables.Quantity(average)}";
        }
        var current = Fields.OptionalInteger(status, "current", "averageUtilization") is { } used ? $"{used}%" : "<unknown>";
        var goal = Fields.OptionalInteger(target, "averageUtilization") is { } wanted ? $"{wanted}%" : "<auto>";
        return $"{name}: {current}/{goal}";
    }

    private static string Current(JsonNode? status, string field) =>
        status?["current"]?[field] is { } value ? StorageTables.Quantity(value) : "<unknown>";

    public static readonly TableColumn[] PdbColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Min Available", "The minimum number of pods that must be available."),
        CommonColumns.Text("Max Unavailable", "The maximum number of pods that may be unavailable."),
        CommonColumns.Integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Pdb(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Text(Fields.IntOrString(obj, "spec", "minAvailable") ?? "N/A"),
        Cell.Text(Fields.IntOrString(obj, "spec", "maxUnavailable") ?? "N/A"),
        Cell.Integer(Fields.Integer(obj, "status", "disruptionsAllowed")),
        ObjectCells.Age(obj, now),
    ];
}
