using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Pages.Overview;

/// <summary>One service's RED now (over 5 minutes): requests per second, share that failed with a 5xx, 99th percentile latency.</summary>
public sealed record ServiceRed(string Namespace, string Service, double Rate, double ErrorRatio, double P99Seconds)
{
    public const int Top = 10;

    // The service proxy's RED instrumentation labels every request with namespace and service.
    private const string Rates = "sum by (namespace, service) (rate(http_server_request_duration_seconds_count[5m]))";
    private const string Errors = "sum by (namespace, service) (rate(http_server_request_duration_seconds_count{http_response_status_code=~\"5..\"}[5m]))";
    private const string P99 = "histogram_quantile(0.99, sum by (namespace, service, le) (rate(http_server_request_duration_seconds_bucket[5m])))";

    /// <summary>
    /// The services with the worst error ratio, then the slowest p99; only those that served requests lately, and only
    /// those of namespaces where <paramref name="visible"/> says the user may list Services (Prometheus knows no RBAC).
    /// </summary>
    public static async Task<IReadOnlyList<ServiceRed>> LoadAsync(PrometheusClient prometheus, Func<string, bool> visible, CancellationToken cancellationToken)
    {
        var rates = prometheus.QueryAsync(Rates, cancellationToken);
        var errors = prometheus.QueryAsync(Errors, cancellationToken);
        var p99 = prometheus.QueryAsync(P99, cancellationToken);
        await Task.WhenAll(rates, errors, p99);
        return Rank([.. (await rates).Where(r => visible(r.Label("namespace")))], await errors, await p99);
    }

    public static IReadOnlyList<ServiceRed> Rank(IReadOnlyList<InstantSample> rates, IReadOnlyList<InstantSample> errors, IReadOnlyList<InstantSample> p99)
    {
        static (string, string) Key(InstantSample s) => (s.Label("namespace"), s.Label("service"));
        var errorsBy = errors.GroupBy(Key).ToDictionary(g => g.Key, g => g.First().Value);
        var p99By = p99.GroupBy(Key).ToDictionary(g => g.Key, g => g.First().Value);
        return rates.Where(r => r.Value > 0).Select(r =>
            {
                var key = Key(r);
                var failed = errorsBy.GetValueOrDefault(key);
                return new ServiceRed(key.Item1, key.Item2, r.Value, failed / r.Value, p99By.GetValueOrDefault(key, double.NaN));
            })
            .OrderByDescending(s => s.ErrorRatio).ThenByDescending(s => double.IsNaN(s.P99Seconds) ? -1 : s.P99Seconds)
            .Take(Top).ToList();
    }
}
