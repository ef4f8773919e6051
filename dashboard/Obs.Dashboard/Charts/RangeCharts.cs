using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Charts;

/// <summary>
/// Charts over the last hour from Prometheus range queries, one point a minute. Each chart is
/// loaded on its own, so a bad query spoils only its chart, and Prometheus failing (not
/// configured, down, slow) becomes the sentence the chart shows in its place.
/// </summary>
public static class RangeCharts
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);

    /// <summary>One chart: every series each query returns, under that query's name.</summary>
    public static async Task<ChartData> LoadAsync(PrometheusClient prometheus, string title, ChartUnit unit, IReadOnlyList<ChartQuery> queries,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            var results = await Task.WhenAll(queries.Select(q => prometheus.QueryRangeAsync(q.PromQl, now - Window, now, Step, cancellationToken)));
            return new ChartData(title, unit, [.. queries.Zip(results).SelectMany(r => r.Second.Select(s => new ChartSeries(r.First.Name, s.Points)))]);
        }
        catch (PrometheusException e)
        {
            return ChartData.Failed(title, unit, e.Message);
        }
    }

    /// <summary>A PromQL string literal's content: backslashes and quotes escaped, for label values taken from objects.</summary>
    public static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
