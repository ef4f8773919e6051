using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Obs.ApiServer.Http;

namespace Obs.ApiServer.Alerting;

/// <summary>Creates silences in Alertmanager through its API v2 (<c>POST /api/v2/silences</c>).</summary>
public sealed class AlertmanagerSilences(AlertingOptions options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Alertmanager's id for the new silence. Its refusals come back as 400 with its message; an unreachable Alertmanager as 503.</summary>
    public async Task<string> CreateAsync(IReadOnlyList<SilenceMatcher> matchers, DateTimeOffset startsAt, DateTimeOffset endsAt,
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
