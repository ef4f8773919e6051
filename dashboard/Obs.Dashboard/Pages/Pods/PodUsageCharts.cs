using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Pods;

/// <summary>
/// A pod's CPU and memory over the last hour from the container metrics the agents export as
/// cAdvisor names them (<c>container_cpu_usage_seconds_total</c>, <c>container_memory_working_set_bytes</c>),
/// summed over its containers, drawn against what its containers request and are limited to.
/// </summary>
public static class PodUsageCharts
{
    /// <summary>The pod's containers' series; cAdvisor's pod-level (empty) and sandbox ("POD") containers would count twice.</summary>
    public static string Selector(string @namespace, string pod) =>
        $"namespace=\"{RangeCharts.Escape(@namespace)}\",pod=\"{RangeCharts.Escape(pod)}\",container!=\"\",container!=\"POD\"";

    public static string CpuQuery(string selector) => $"sum(rate(container_cpu_usage_seconds_total{{{selector}}}[5m]))";

    public static string MemoryQuery(string selector) => $"sum(container_memory_working_set_bytes{{{selector}}})";

    public static async Task<IReadOnlyList<ChartData>> LoadAsync(PrometheusClient prometheus, JsonObject pod, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var selector = Selector(ObjectMeta.Namespace(pod) ?? "", ObjectMeta.Name(pod) ?? "");
        var cpu = RangeCharts.LoadAsync(prometheus, "CPU (cores)", ChartUnit.Plain, [new("used", CpuQuery(selector))], now, cancellationToken);
        var memory = RangeCharts.LoadAsync(prometheus, "Memory (working set)", ChartUnit.Bytes, [new("used", MemoryQuery(selector))], now, cancellationToken);
        return [WithBounds(await cpu, pod, "cpu"), WithBounds(await memory, pod, "memory")];
    }

    /// <summary>
    /// The pod's total request and limit for a resource, or null when a container declares none:
    /// a sum that left one out would draw a bound the pod does not have.
    /// </summary>
    public static double? Total(JsonObject pod, string bound, string resource)
    {
        if (pod.At("spec", "containers") is not JsonArray { Count: > 0 } containers) return null;
        var total = 0.0;
        foreach (var container in containers.OfType<JsonObject>())
        {
            if (!Quantity.TryFromJson(container.At("resources", bound, resource), out var quantity, out _)) return null;
            total += quantity.ToDouble();
        }
        return total;
    }

    /// <summary>The request and the limit as flat lines over the times the usage has, so the reader sees the headroom.</summary>
    private static ChartData WithBounds(ChartData chart, JsonObject pod, string resource)
    {
        if (!chart.HasPoints) return chart;
        var times = chart.Series.SelectMany(s => s.Points.Select(p => p.Time)).Distinct().Order().ToList();
        var series = chart.Series.ToList();
        foreach (var (bound, legend) in new[] { ("requests", "request"), ("limits", "limit") })
        {
            if (Total(pod, bound, resource) is { } value) series.Add(new ChartSeries(legend, [.. times.Select(t => (t, value))]));
        }
        return chart with { Series = series };
    }
}
