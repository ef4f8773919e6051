using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>The spec fields worth reading at a glance for each kind, as term and value pairs for a description list.</summary>
public static class WorkloadSpecSummary
{
    public static IReadOnlyList<(string Term, string Value)> Rows(WorkloadKind kind, JsonObject obj)
    {
        var spec = obj["spec"];
        var rows = new List<(string, string)>();
        void Add(string term, string? value)
        {
            if (!string.IsNullOrEmpty(value)) rows.Add((term, value));
        }
        string? Number(params ReadOnlySpan<string> path) => spec.LongAt(path)?.ToString(CultureInfo.InvariantCulture);

        switch (kind.Type.Kind)
        {
            case "Deployment":
                Add("Replicas", Number("replicas") ?? "1");
                Add("Strategy", Strategy(spec.At("strategy"), "rollingUpdate"));
                Add("Min ready seconds", Number("minReadySeconds"));
                Add("Revision history limit", Number("revisionHistoryLimit"));
                Add("Paused", spec.BoolAt("paused") == true ? "yes" : "no");
                break;
            case "StatefulSet":
                Add("Replicas", Number("replicas") ?? "1");
                Add("Service", spec.StringAt("serviceName"));
                Add("Pod management", spec.StringAt("podManagementPolicy"));
                Add("Update strategy", Strategy(spec.At("updateStrategy"), "rollingUpdate"));
                break;
            case "DaemonSet":
                Add("Update strategy", Strategy(spec.At("updateStrategy"), "rollingUpdate"));
                Add("Node selector", MapText(spec.At("template", "spec", "nodeSelector")));
                break;
            case "ReplicaSet":
            case "ReplicationController":
                Add("Replicas", Number("replicas") ?? "1");
                break;
            case "Job":
                Add("Completions", Number("completions") ?? "1");
                Add("Parallelism", Number("parallelism") ?? "1");
                Add("Backoff limit", Number("backoffLimit"));
                Add("Started", obj.StringAt("status", "startTime"));
                Add("Completed", obj.StringAt("status", "completionTime"));
                break;
            case "CronJob":
                Add("Schedule", spec.StringAt("schedule"));
                Add("Time zone", spec.StringAt("timeZone"));
                Add("Suspended", spec.BoolAt("suspend") == true ? "yes" : "no");
                Add("Concurrency policy", spec.StringAt("concurrencyPolicy"));
                Add("Last schedule", obj.StringAt("status", "lastScheduleTime"));
                Add("Last success", obj.StringAt("status", "lastSuccessfulTime"));
                break;
        }
        // A ReplicationController's selector is a plain label map, not a LabelSelector.
        if (kind.Type.Kind == "ReplicationController") Add("Selector", MapText(spec.At("selector")));
        else if (spec.At("selector") is { } selector) Add("Selector", LabelSelector.Format(selector));
        Add("Images", string.Join(", ", WorkloadCounts.Images(obj)));
        return rows;
    }

    private static string? Strategy(JsonNode? strategy, string detailKey)
    {
        var type = strategy.StringAt("type");
        if (type is null) return null;
        var details = strategy.At(detailKey) as JsonObject;
        return details is null || details.Count == 0
            ? type
            : $"{type} ({string.Join(", ", details.Select(d => $"{d.Key} {d.Value}"))})";
    }

    private static string MapText(JsonNode? map) => string.Join(",", map.StringMap().Select(e => $"{e.Key}={e.Value}"));
}
