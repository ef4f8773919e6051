using Obs.Client.Rest;
using Obs.Dashboard.Alerting;

namespace Obs.Dashboard.Pages.Alerts;

/// <summary>The alert pages' actions, done as the signed-in user; each returns the sentence the page shows, success or failure.</summary>
internal static class AlertActions
{
    public static Task<string> AcknowledgeAsync(HttpClient http, long id) =>
        AttemptAsync(http, "acknowledge", async client =>
        {
            var alert = await client.AcknowledgeAsync(id);
            return $"Acknowledged {alert.AlertName}: you are on it.";
        });

    public static Task<string> SilenceAsync(HttpClient http, Alert alert, string duration, string? comment) =>
        AttemptAsync(http, "silence", async client =>
        {
            var id = await client.SilenceAsync(new SilenceRequest(alert.Labels, duration, comment));
            return $"Silenced {alert.AlertName} for {duration} (Alertmanager silence {id}).";
        });

    /// <summary>A refusal or an absent receiver is a sentence for the user, never a failed request.</summary>
    private static async Task<string> AttemptAsync(HttpClient http, string verb, Func<AlertingClient, Task<string>> action)
    {
        try
        {
            var client = new AlertingClient(http);
            return await action(client);
        }
        catch (AlertingUnreachableException e)
        {
            return $"Could not {verb}: the on-call receiver is unreachable: {e.Message}";
        }
        catch (ApiException e)
        {
            return $"Could not {verb} ({e.Reason}): {e.Message}";
        }
    }
}
