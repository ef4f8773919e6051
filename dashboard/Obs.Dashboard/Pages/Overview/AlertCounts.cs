using Obs.Client.Rest;
using Obs.Dashboard.Alerting;
using Obs.Dashboard.Auth;

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

    public static AlertCounts From(IEnumerable<Alert> alerts)
    {
        var firing = new Dictionary<string, int>(StringComparer.Ordinal);
        var acknowledged = 0;
        foreach (var alert in alerts)
        {
            if (alert.Status == AlertStatus.Acknowledged) acknowledged++;
            firing[alert.Severity] = firing.GetValueOrDefault(alert.Severity) + 1;
        }
        return new AlertCounts(firing, acknowledged);
    }

    /// <summary>Asks the receiver with a short timeout: the overview waits for it before it renders.</summary>
    public static async Task<AlertCounts> LoadAsync(HttpClient http, CancellationToken cancellationToken) =>
        From(await new AlertingClient(http, TimeSpan.FromSeconds(5)).ListAsync([AlertStatus.Firing, AlertStatus.Acknowledged], cancellationToken));

    /// <summary>The counts as <paramref name="user"/> may see them, or why there are none (the tile shows the reason, never a zero).</summary>
    public static async Task<(AlertCounts? Counts, string? Error)> TryLoadAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        if (user.Http is not { } http) return (null, "nobody is signed in");
        try
        {
            return (await LoadAsync(http, cancellationToken), null);
        }
        catch (AlertingUnreachableException e)
        {
            return (null, e.Message);
        }
        catch (ApiException e)
        {
            return (null, $"the on-call receiver answered {e.Code}: {e.Message}");
        }
    }
}
