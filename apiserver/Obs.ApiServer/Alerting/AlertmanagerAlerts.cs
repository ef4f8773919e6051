using System.Text.Json.Nodes;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// What one Alertmanager process holds: when it started and the alerts it has not seen resolve (active, silenced or
/// inhibited alike), each as fingerprint and start, read through its API v2 (<c>/api/v2/status</c>, <c>/api/v2/alerts</c>).
/// </summary>
public sealed record AlertmanagerSnapshot(DateTimeOffset StartedAt, IReadOnlySet<(string Fingerprint, DateTimeOffset StartsAt)> Alerts)
{
    /// <summary>Whether it holds this alert: the same fingerprint firing since the same start, to the millisecond.</summary>
    public bool Holds(string fingerprint, DateTimeOffset startsAt) => Alerts.Contains((fingerprint, ToMillisecond(startsAt)));

    /// <summary>Stored times keep microseconds and Alertmanager's nanoseconds: compared to the millisecond, they agree.</summary>
    public static DateTimeOffset ToMillisecond(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

/// <summary>Reads <see cref="AlertmanagerSnapshot"/>s from the Alertmanager the receiver is configured with.</summary>
public sealed class AlertmanagerAlerts(AlertingOptions options) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The snapshot, or null when no Alertmanager is configured. Throws when it cannot be read: the caller learns nothing then.</summary>
    public async Task<AlertmanagerSnapshot?> GetAsync(CancellationToken cancellationToken)
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

    public void Dispose() => _http.Dispose();
}
