using Obs.Client.Rest;
using Obs.Dashboard.Alerting;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Alerts;

/// <summary>
/// The alert pages' actions, done as the signed-in user, shared by the pages' plain form posts and the htmx
/// actions of <see cref="AlertEndpoints"/>: each returns the outcome the user reads, success or failure.
/// </summary>
public static class AlertActions
{
    /// <summary>Whether the user's token may acknowledge the alert (RBAC's <c>post</c> on its path): the button shows only then.</summary>
    public static bool MayAcknowledge(CurrentUser user, long id) => user.Access.AllowsPath("post", $"/alerting/v1/alerts/{id}/ack");

    /// <summary>Whether the user's token may create a silence: the silence form shows only then.</summary>
    public static bool MaySilence(CurrentUser user) => user.Access.AllowsPath("post", "/alerting/v1/silences");

    /// <summary>The outcome, and the alert as the receiver now has it when it was acknowledged.</summary>
    public static async Task<(ActionOutcome Outcome, Alert? Alert)> AcknowledgeAsync(HttpClient http, long id, CancellationToken cancellationToken = default)
    {
        Alert? acknowledged = null;
        var outcome = await AttemptAsync("acknowledge", async () =>
        {
            acknowledged = await new AlertingClient(http).AcknowledgeAsync(id, cancellationToken);
            return $"Acknowledged {acknowledged.AlertName}: you are on it.";
        });
        return (outcome, acknowledged);
    }

    /// <summary>Silences exactly this alert: the silence matches every one of its labels, as the receiver has them now.</summary>
    public static Task<ActionOutcome> SilenceAsync(HttpClient http, long id, string duration, string? comment, CancellationToken cancellationToken = default) =>
        AttemptAsync("silence", async () =>
        {
            var client = new AlertingClient(http);
            var alert = (await client.GetAsync(id, cancellationToken)).Alert;
            var silence = await client.SilenceAsync(new SilenceRequest(alert.Labels, duration, comment), cancellationToken);
            return $"Silenced {alert.AlertName} for {duration} (Alertmanager silence {silence}).";
        });

    /// <summary>A refusal or an absent receiver is a sentence for the user, never a failed request.</summary>
    private static async Task<ActionOutcome> AttemptAsync(string verb, Func<Task<string>> action)
    {
        try
        {
            return ActionOutcome.Done(await action());
        }
        catch (AlertingUnreachableException e)
        {
            return ActionOutcome.Failed($"Could not {verb}: the on-call receiver is unreachable: {e.Message}");
        }
        catch (ApiException e)
        {
            return ActionOutcome.Failed($"Could not {verb} ({e.Reason}): {e.Message}");
        }
    }
}
