using Obs.Client.Rest;
using Obs.Dashboard.Alerting;

namespace Obs.Dashboard.Pages.Alerts;

/// <summary>The alert pages' actions, done as the signed-in user; each returns the sentence the page shows, success or failure.</summary>
internal static class AlertActions
{
    public static async Task<string> AcknowledgeAsync(ApiClient api, long id)
    {
        try
        {
            using var client = new AlertingClient(api.Connection);
            var alert = await client.AcknowledgeAsync(id);
            return $"Acknowledged {alert.AlertName}: you are on it.";
        }
        catch (AlertingUnreachableException e)
        {
            return $"Could not acknowledge: the on-call receiver is unreachable: {e.Message}";
        }
        catch (ApiException e)
        {
            return $"Could not acknowledge ({e.Reason}): {e.Message}";
        }
    }

    public static async Task<string> SilenceAsync(ApiClient api, Alert alert, string duration, string? comment)
    {
        try
        {
            using var client = new AlertingClient(api.Connection);
            var id = await client.SilenceAsync(new SilenceRequest(alert.Labels, duration, comment));
            return $"Silenced {alert.AlertName} for {duration} (Alertmanager silence {id}).";
        }
        catch (AlertingUnreachableException e)
        {
            return $"Could not silence: the on-call receiver is unreachable: {e.Message}";
        }
        catch (ApiException e)
        {
            return $"Could not silence ({e.Reason}): {e.Message}";
        }
    }
}
