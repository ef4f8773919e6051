using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Charts;

/// <summary>
/// USE over the last hour from node_exporter's metrics: CPU and memory utilisation, and their
/// saturation (load per CPU, major page faults); for the whole cluster (the overview) or for one
/// node (its page), whose series carry the <c>node</c> label the agents' scrape targets give them.
/// </summary>
public static class UsageCharts
{
    /// <summary>The charts for the selector's nodes: empty for all of them, <c>node="name"</c> for one.</summary>
    public static IReadOnlyList<(string Title, ChartUnit Unit, string Query)> Queries(string selector)
    {
        var and = selector.Length == 0 ? "" : "," + selector;
        return
        [
            ("CPU utilisation", ChartUnit.Ratio, $"1 - avg(rate(node_cpu_seconds_total{{mode=\"idle\"{and}}}[5m]))"),
            ("CPU saturation (load per CPU)", ChartUnit.Plain, $"sum(node_load1{{{selector}}}) / count(node_cpu_seconds_total{{mode=\"idle\"{and}}})"),
            ("Memory utilisation", ChartUnit.Ratio, $"1 - sum(node_memory_MemAvailable_bytes{{{selector}}}) / sum(node_memory_MemTotal_bytes{{{selector}}})"),
            ("Memory saturation (major page faults)", ChartUnit.PerSecond, $"sum(rate(node_vmstat_pgmajfault{{{selector}}}[5m]))"),
        ];
    }

    /// <summary>The cluster's charts, or one node's when <paramref name="node"/> is given.</summary>
    public static async Task<IReadOnlyList<ChartData>> LoadAsync(PrometheusClient prometheus, DateTimeOffset now, CancellationToken cancellationToken, string? node = null)
    {
        var legend = node ?? "cluster";
        var selector = node is null ? "" : $"node=\"{RangeCharts.Escape(node)}\"";
        return await Task.WhenAll(Queries(selector).Select(q => RangeCharts.LoadAsync(prometheus, q.Title, q.Unit, [new ChartQuery(legend, q.Query)], now, cancellationToken)));
    }
}
