using System.Globalization;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Services;

/// <summary>
/// One service's RED over the last hour from the proxy's <c>http_server_request_duration_seconds</c>:
/// request rate, the share that failed with a 5xx, and p50/p95/p99 latency; plus, when the service
/// declares an availability objective, how much of its 30-day error budget is left.
/// </summary>
public static class ServiceRedCharts
{
    public static string Selector(string @namespace, string service) => $"namespace=\"{RangeCharts.Escape(@namespace)}\",service=\"{RangeCharts.Escape(service)}\"";

    public static string RateQuery(string selector) => $"sum(rate(http_server_request_duration_seconds_count{{{selector}}}[5m]))";

    public static string ErrorRatioQuery(string selector, string window = "5m") =>
        $"sum(rate(http_server_request_duration_seconds_count{{{selector},http_response_status_code=~\"5..\"}}[{window}])) / sum(rate(http_server_request_duration_seconds_count{{{selector}}}[{window}]))";

    public static string QuantileQuery(string selector, double quantile) =>
        $"histogram_quantile({quantile.ToString(CultureInfo.InvariantCulture)}, sum by (le) (rate(http_server_request_duration_seconds_bucket{{{selector}}}[5m])))";

    public static async Task<IReadOnlyList<ChartData>> LoadAsync(PrometheusClient prometheus, string @namespace, string service, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var selector = Selector(@namespace, service);
        var charts = new[]
        {
            RangeCharts.LoadAsync(prometheus, "Requests", ChartUnit.PerSecond, [new("rate", RateQuery(selector))], now, cancellationToken),
            RangeCharts.LoadAsync(prometheus, "Error ratio (5xx)", ChartUnit.Ratio, [new("errors", ErrorRatioQuery(selector))], now, cancellationToken),
            RangeCharts.LoadAsync(prometheus, "Latency", ChartUnit.Seconds,
                [new("p50", QuantileQuery(selector, 0.5)), new("p95", QuantileQuery(selector, 0.95)), new("p99", QuantileQuery(selector, 0.99))], now, cancellationToken),
        };
        return await Task.WhenAll(charts);
    }

    /// <summary>The share of the 30-day error budget left: 1 − (error ratio over 30 days ÷ (1 − objective)); null without traffic.</summary>
    public static async Task<double?> BudgetLeftAsync(PrometheusClient prometheus, string @namespace, string service, double objective, CancellationToken cancellationToken)
    {
        var samples = await prometheus.QueryAsync(ErrorRatioQuery(Selector(@namespace, service), "30d"), cancellationToken);
        return samples.FirstOrDefault() is { } sample && !double.IsNaN(sample.Value) ? 1 - sample.Value / (1 - objective) : null;
    }
}
