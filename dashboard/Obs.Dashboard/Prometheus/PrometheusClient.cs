using System.Globalization;
using System.Text.Json.Nodes;

namespace Obs.Dashboard.Prometheus;

/// <summary>
/// Prometheus's HTTP API (/api/v1/query and /api/v1/query_range) for the charts and the at-a-glance
/// numbers. Every failure (not configured, unreachable, slow, a bad query) becomes a
/// <see cref="PrometheusException"/> with a sentence for the page, never an error page.
/// </summary>
public sealed class PrometheusClient(HttpClient http, Uri? baseUrl)
{
    /// <summary>Long enough for a range query over an hour; short enough that a page never waits long for a dead Prometheus.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public bool IsConfigured => baseUrl is not null;

    public async Task<IReadOnlyList<InstantSample>> QueryAsync(string promql, CancellationToken cancellationToken = default)
    {
        var data = await GetAsync($"api/v1/query?query={Uri.EscapeDataString(promql)}", cancellationToken);
        if (data["result"] is not JsonArray result) return [];
        return result.OfType<JsonObject>().Select(s => new InstantSample(Labels(s), Value(s["value"] as JsonArray))).ToList();
    }

    public async Task<IReadOnlyList<RangeSeries>> QueryRangeAsync(string promql, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken = default)
    {
        var query = $"api/v1/query_range?query={Uri.EscapeDataString(promql)}&start={Seconds(start)}&end={Seconds(end)}&step={step.TotalSeconds.ToString(CultureInfo.InvariantCulture)}";
        var data = await GetAsync(query, cancellationToken);
        if (data["result"] is not JsonArray result) return [];
        return result.OfType<JsonObject>().Select(s => new RangeSeries(Labels(s),
            (s["values"] as JsonArray ?? []).OfType<JsonArray>().Select(p => (Time(p), Value(p))).ToList())).ToList();
    }

    private async Task<JsonObject> GetAsync(string relative, CancellationToken cancellationToken)
    {
        if (baseUrl is null) throw new PrometheusException("Prometheus is not configured.");
        var url = new Uri(new Uri(baseUrl.ToString().TrimEnd('/') + "/"), relative);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        string text;
        try
        {
            using var response = await http.GetAsync(url, timeout.Token);
            text = await response.Content.ReadAsStringAsync(timeout.Token);
            // Prometheus answers query errors with 400/422 and a JSON body naming the problem.
            if (!response.IsSuccessStatusCode && !text.StartsWith('{'))
                throw new PrometheusException($"Prometheus answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException e)
        {
            throw new PrometheusException($"Prometheus is unreachable at {baseUrl}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PrometheusException($"Prometheus did not answer within {Timeout.TotalSeconds:0} s.", e);
        }
        JsonObject? body;
        try { body = JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException e) { throw new PrometheusException("Prometheus answered something that is not JSON.", e); }
        if (body?["status"]?.GetValue<string>() != "success")
            throw new PrometheusException($"Prometheus refused the query: {body?["error"]?.GetValue<string>() ?? "no reason given"}");
        return body["data"] as JsonObject ?? new JsonObject();
    }

    private static string Seconds(DateTimeOffset t) => (t.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Labels(JsonObject sample) =>
        (sample["metric"] as JsonObject ?? []).Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>());

    private static double Time(JsonArray? pair) => pair is [JsonValue t, ..] ? t.GetValue<double>() : 0;

    // Prometheus sends values as strings ("NaN" and "+Inf" included).
    private static double Value(JsonArray? pair) =>
        pair is [_, JsonValue v] && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
}
