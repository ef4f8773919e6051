using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Overview;

/// <summary>
/// Firing alerts by severity, from the apiserver's on-call receiver (GET /alerting/v1/alerts),
/// asked with the signed-in user's token. Acknowledged alerts still fire; they are counted apart
/// so the reader sees what nobody has picked up yet.
/// </summary>
public sealed record AlertCounts(IReadOnlyDictionary<string, int> FiringBySeverity, int Acknowledged)
{
    /// <summary>Severities in the order they matter; others follow by name.</summary>
    public static readonly string[] SeverityOrder = ["critical", "warning", "info"];

    public int Firing => FiringBySeverity.Values.Sum();

    public IEnumerable<KeyValuePair<string, int>> Ordered => FiringBySeverity
        .OrderBy(p => Array.IndexOf(SeverityOrder, p.Key) is var i and >= 0 ? i : SeverityOrder.Length).ThenBy(p => p.Key, StringComparer.Ordinal);

    public static AlertCounts From(JsonArray items)
    {
        var firing = new Dictionary<string, int>(StringComparer.Ordinal);
        var acknowledged = 0;
        foreach (var alert in items.OfType<JsonObject>())
        {
            if (alert.StringAt("status") == "acknowledged") acknowledged++;
            var severity = alert.StringAt("labels", "severity") is { Length: > 0 } s ? s : "none";
            firing[severity] = firing.GetValueOrDefault(severity) + 1;
        }
        return new AlertCounts(firing, acknowledged);
    }

    public static async Task<AlertCounts> LoadAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        using var response = await http.GetAsync("/alerting/v1/alerts?state=firing,acknowledged", timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            var status = await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token);
            throw new HttpRequestException($"the on-call receiver answered {(int)response.StatusCode}: {status?.StringAt("message")}");
        }
        var list = await response.Content.ReadFromJsonAsync<JsonObject>(timeout.Token);
        return From(list?["items"] as JsonArray ?? []);
    }
}
