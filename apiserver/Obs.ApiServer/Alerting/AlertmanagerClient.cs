using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The receiver's side of Alertmanager's API v2, through one connection pool: the alerts it holds (for resolutions it never
/// sent) and the silences the on-call creates.
/// </summary>
public sealed class AlertmanagerClient(AlertingOptions options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The snapshot, or null when no Alertmanager is configured. Throws when it cannot be read: the caller learns nothing then.</summary>
    public async Task<AlertmanagerSnapshot?> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        if (options.AlertmanagerUrl is not { } baseUrl) return null;
        // The status first: an alert posted between the two reads is in the list, never missing from a list said to be newer.
        var status = JsonNode.Parse(await _http.GetStringAsync(new Uri(baseUrl, "api/v2/status"), cancellationToken));
        var uptime = status?["uptime"]?.GetValue<string>();
        if (uptime is null || !Rfc3339.TryParse(uptime, out var startedAt))
            throw new FormatException($"Alertmanager's status has no start time (uptime): {uptime ?? "missing"}");
        var list = JsonNode.Parse(await _http.GetStringAsync(new Uri(baseUrl, "api/v2/alerts"), cancellationToken)) as JsonArray
                   ?? throw new FormatException("Alertmanager's alert list is not a JSON array");
        var alerts = new HashSet<(string, DateTimeOffset)>();
        foreach (var alert in list)
        {
            var fingerprint = alert?["fingerprint"]?.GetValue<string>();
            var startsAt = alert?["startsAt"]?.GetValue<string>();
            if (fingerprint is null || startsAt is null || !Rfc3339.TryParse(startsAt, out var start)) continue;
            alerts.Add((fingerprint, AlertmanagerSnapshot.ToMillisecond(start)));
        }
        return new AlertmanagerSnapshot(startedAt, alerts);
    }

    /// <summary>Alertmanager's id for the new silence. Its refusals come back as 400 with its message; an unreachable Alertmanager as 503.</summary>
    public async Task<string> CreateSilenceAsync(IReadOnlyList<SilenceMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt,
        string createdBy, string comment, CancellationToken cancellationToken)
    {
        if (options.AlertmanagerUrl is not { } baseUrl)
            throw ApiErrors.ServiceUnavailable("no Alertmanager is configured for this apiserver, so silences cannot be created");
        var body = new JsonObject
        {
            ["matchers"] = new JsonArray(matchers.Select(m => (JsonNode)m.ToJson()).ToArray()),
            ["startsAt"] = Rfc3339.Format(startsAt),
            ["endsAt"] = Rfc3339.Format(endsAt),
            ["createdBy"] = createdBy,
            ["comment"] = comment,
        };
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(new Uri(baseUrl, "api/v2/silences"), body, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw ApiErrors.ServiceUnavailable($"Alertmanager at {baseUrl} is unreachable: {e.Message}");
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode is >= 400 and < 500)
                throw ApiErrors.BadRequest($"Alertmanager refused the silence: {text.Trim().Trim('"')}");
            if (!response.IsSuccessStatusCode)
                throw ApiErrors.ServiceUnavailable($"Alertmanager answered {(int)response.StatusCode}: {text.Trim()}");
            return JsonNode.Parse(text)?["silenceID"]?.GetValue<string>()
                   ?? throw ApiErrors.ServiceUnavailable($"Alertmanager's answer has no silenceID: {text}");
        }
    }

    public void Dispose() => _http.Dispose();
}
