using Obs.Dashboard.Charts;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Overview;

/// <summary>
/// The cluster's USE over the last hour from node_exporter's metrics: CPU and memory utilisation,
/// and their saturation (load per CPU, major page faults). Each chart is queried on its own, all
/// at once, so a slow Prometheus costs one timeout and a bad query spoils only its chart.
/// </summary>
public static class UsageCharts
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    public static readonly IReadOnlyList<(string Title, ChartUnit Unit, string Query)> Queries =
    [
        ("CPU utilisation", ChartUnit.Ratio, "1 - avg(rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))"),
        ("CPU saturation (load per CPU)", ChartUnit.Plain, "sum(node_load1) / count(node_cpu_seconds_total{mode=\"idle\"})"),
        ("Memory utilisation", ChartUnit.Ratio, "1 - sum(node_memory_MemAvailable_bytes) / sum(node_memory_MemTotal_bytes)"),
        ("Memory saturation (major page faults)", ChartUnit.PerSecond, "sum(rate(node_vmstat_pgmajfault[5m]))"),
    ];

    public static async Task<IReadOnlyList<ChartData>> LoadAsync(PrometheusClient prometheus, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var charts = Queries.Select(async q =>
        {
            try
            {
                var series = await prometheus.QueryRangeAsync(q.Query, now - Window, now, Step, cancellationToken);
                return new ChartData(q.Title, q.Unit, series.Select(s => new ChartSeries("cluster", s.Points)).ToList());
            }
            catch (PrometheusException e)
            {
                return ChartData.Failed(q.Title, q.Unit, e.Message);
            }
        });
        return await Task.WhenAll(charts);
    }
}
