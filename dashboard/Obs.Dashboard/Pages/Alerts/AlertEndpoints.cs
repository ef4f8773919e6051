using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Pages.Alerts;

/// <summary>
/// Acknowledge and silence as htmx actions: the alert pages' forms post here when script runs and get back
/// the part of the page the action changed, not the page. Without script the same forms post to the pages
/// themselves (their named form handlers), so both ways do the same through <see cref="AlertActions"/>.
/// Each checks the antiforgery token the page rendered into its form. A refusal by the receiver, or the
/// receiver being away, is an outcome shown where the user acted, with 200: only a bad token is a 400.
/// </summary>
public static class AlertEndpoints
{
    public static string AcknowledgePath(long id, bool detailsLink) =>
        $"/alerts/{id.ToString(CultureInfo.InvariantCulture)}/acknowledge" + (detailsLink ? "" : "?details=false");

    public static string SilencePath(long id) => $"/alerts/{id.ToString(CultureInfo.InvariantCulture)}/silence";

    /// <summary>The element in an alert that holds the outcome of an action on it.</summary>
    public static string OutcomeSlot(long id) => $"alert-{id.ToString(CultureInfo.InvariantCulture)}-outcome";

    /// <summary>
    /// The element of the alerts list that holds the outcome of an action on any alert: outside the part the list's live
    /// refresh replaces, so the outcome is still there to read after the refresh the action itself causes.
    /// </summary>
    public const string ListOutcome = "alerts-outcome";

    /// <summary>The element of the alert page that holds the outcome of a silence.</summary>
    public const string SilenceOutcome = "silence-outcome";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Success answers the alert as it now is (acknowledged, by whom), which replaces the one on the page.
        // A failure has no fresher alert to show: the outcome goes into its slot instead (HX-Retarget). The list (whose
        // alerts link to their details) keeps outcomes in ListOutcome, out of its live refresh's way; the alert's page in the alert.
        endpoints.MapPost("/alerts/{id:long}/acknowledge", async (long id, bool? details, HttpContext context, IAntiforgery antiforgery, CurrentUser user, TimeProvider time) =>
        {
            var onList = details != false;
            var slot = "#" + (onList ? ListOutcome : OutcomeSlot(id));
            if (!await antiforgery.IsRequestValidAsync(context)) return Expired(context, slot);
            var (outcome, alert) = await AlertActions.AcknowledgeAsync(user.RequireHttp(), id, context.RequestAborted);
            if (alert is null) return Outcome(context, outcome, slot);
            if (onList)
            {
                return new RazorComponentResult<AcknowledgedOnList>(new Dictionary<string, object?>
                {
                    ["Alert"] = alert, ["Now"] = time.GetUtcNow(), ["Outcome"] = outcome,
                });
            }
            return new RazorComponentResult<AlertItem>(new Dictionary<string, object?>
            {
                ["Alert"] = alert,
                ["Now"] = time.GetUtcNow(),
                ["AckForm"] = "ack",
                ["ShowDetailsLink"] = details != false,
                ["Outcome"] = outcome,
            });
        });
        // The form stays as the user filled it (a duration the receiver refused can be corrected); the outcome goes beside it.
        endpoints.MapPost("/alerts/{id:long}/silence", async (long id, HttpContext context, IAntiforgery antiforgery, CurrentUser user) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context)) return Expired(context, "#" + SilenceOutcome);
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var silence = new SilenceForm { Duration = form["Silence.Duration"].ToString(), Custom = form["Silence.Custom"], Comment = form["Silence.Comment"] };
            return Outcome(context, await AlertActions.SilenceAsync(user.RequireHttp(), id, silence.Effective, silence.Comment, context.RequestAborted), "#" + SilenceOutcome);
        });
    }

    private static IResult Outcome(HttpContext context, ActionOutcome outcome, string target)
    {
        context.Response.Headers["HX-Retarget"] = target;
        context.Response.Headers["HX-Reswap"] = "innerHTML";
        return new RazorComponentResult<ActionMessage>(new Dictionary<string, object?> { ["Outcome"] = outcome });
    }

    /// <summary>A missing or stale token (the page was rendered before the dashboard's keys changed): said in place, as a 400 the page's htmx config swaps.</summary>
    private static IResult Expired(HttpContext context, string target)
    {
        var result = (RazorComponentResult)Outcome(context, ActionOutcome.Failed("This page's form has expired: reload the page and try again."), target);
        result.StatusCode = StatusCodes.Status400BadRequest;
        return result;
    }
}
