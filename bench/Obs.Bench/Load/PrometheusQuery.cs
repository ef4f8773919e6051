using System.Text.Json;

namespace Obs.Bench.Load;

/// <summary>Instant queries to Prometheus' HTTP API.</summary>
internal static class PrometheusQuery
{
    /// <summary>How many series <paramref name="promql"/> returns now.</summary>
    public static async Task<int> CountAsync(HttpClient http, string prometheusUrl, string promql, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"{prometheusUrl}/api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);
        if (!response.IsSuccessStatusCode) return 0;
        using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return json.RootElement.GetProperty("data").GetProperty("result").GetArrayLength();
    }
}
