using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Obs.Dashboard.Pages.Alerts;
using Obs.Dashboard.Tests.Alerting;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Alerts;

/// <summary>Acknowledge and silence as htmx posts them, to the real dashboard over a real apiserver's on-call receiver.</summary>
public sealed class AlertEndpointsTests(OpsCluster ops) : IClassFixture<OpsCluster>
{
    private async Task<long> FiringAsync(string name, string fingerprint)
    {
        await Webhooks.PostAsync(ops.Cluster, "firing", Webhooks.Alert(name, fingerprint, ns: fingerprint));
        var (_, list) = await ops.Cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts");
        return list!["items"]!.AsArray().OfType<JsonObject>().Single(a => a["fingerprint"]!.GetValue<string>() == fingerprint)["id"]!.GetValue<long>();
    }

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Code, string Html, string? Target, string? Swap)> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return (response.StatusCode, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()),
                response.Headers.TryGetValues("HX-Retarget", out var target) ? target.Single() : null,
                response.Headers.TryGetValues("HX-Reswap", out var swap) ? swap.Single() : null);
        }
    }

    [Fact]
    public async Task OnTheListAcknowledgingAnswersTheAlertNowAcknowledgedAndTheOutcomeForTheRegionTheLiveRefreshLeaves()
    {
        var id = await FiringAsync("AckHtmx", "f-ack-htmx");
        using var browser = await ops.SignedInBrowserAsync();

        var (code, html, target, _) = await ReadAsync(await browser.SubmitAsync("/alerts?namespace=f-ack-htmx", "ack",
            new Dictionary<string, string> { ["AckId"] = Text(id) }, AlertEndpoints.AcknowledgePath(id, detailsLink: true), htmx: true));

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Null(target);
        Assert.StartsWith($"<article class=\"alert severity-warning status-acknowledged\" id=\"alert-{id}\">", html.TrimStart());
        Assert.Contains("<dt>Acknowledged</dt>", html);
        // The outcome goes out of band into the list page's outcome region, not into the alert, which the list's live refresh replaces.
        Assert.Contains("<div id=\"alerts-outcome\" hx-swap-oob=\"innerHTML\"><p class=\"outcome ok\" role=\"status\">Acknowledged AckHtmx: you are on it.</p></div>", html);
        Assert.Contains($"<div class=\"action-outcome\" id=\"alert-{id}-outcome\" aria-live=\"polite\"></div>", html);
        Assert.Contains($"<a href=\"/alerts/{id}\">History and silence</a>", html);
        Assert.DoesNotContain(">Acknowledge</button>", html);
        Assert.DoesNotContain("<html", html);
        var (_, stored) = await ops.Cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{id}");
        Assert.Equal("acknowledged", stored!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnTheAlertsOwnPageTheAnsweredAlertHasNoLinkToItself()
    {
        var id = await FiringAsync("AckDetail", "f-ack-detail");
        using var browser = await ops.SignedInBrowserAsync();

        var (code, html, _, _) = await ReadAsync(await browser.SubmitAsync($"/alerts/{id}", "ack",
            new Dictionary<string, string> { ["AckId"] = Text(id) }, AlertEndpoints.AcknowledgePath(id, detailsLink: false), htmx: true));

        Assert.Equal(HttpStatusCode.OK, code);
        // The alert's own page has no live list: the outcome stays in the alert.
        Assert.Contains($"id=\"alert-{id}-outcome\" aria-live=\"polite\"><p class=\"outcome ok\" role=\"status\">Acknowledged AckDetail: you are on it.</p>", html);
        Assert.DoesNotContain("hx-swap-oob", html);
        Assert.DoesNotContain("History and silence", html);
    }

    [Fact]
    public async Task AnAcknowledgementTheReceiverRefusesIsSaidInTheAlertsOutcomeNotThrown()
    {
        using var browser = await ops.SignedInBrowserAsync();

        var (code, html, target, swap) = await ReadAsync(await browser.SubmitAsync("/alerts", "ack",
            new Dictionary<string, string> { ["AckId"] = "987654" }, AlertEndpoints.AcknowledgePath(987654, detailsLink: true), htmx: true));

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("#alerts-outcome", target);
        Assert.Equal("innerHTML", swap);
        Assert.StartsWith("<p class=\"outcome error\" role=\"alert\">Could not acknowledge (NotFound):", html.TrimStart());
    }

    [Fact]
    public async Task AnActionWithoutTheFormsTokenIsRefusedAndSaysSoInPlace()
    {
        var id = await FiringAsync("NoToken", "f-no-token");
        using var browser = await ops.SignedInBrowserAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, AlertEndpoints.AcknowledgePath(id, detailsLink: true))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["AckId"] = Text(id) }),
        };
        request.Headers.Add("HX-Request", "true");

        var (code, html, target, _) = await ReadAsync(await browser.Http.SendAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("#alerts-outcome", target);
        Assert.Contains("This page's form has expired: reload the page and try again.", html);
        var (_, stored) = await ops.Cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{id}");
        Assert.Equal("firing", stored!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASilenceTheReceiverRefusesIsSaidBesideTheForm()
    {
        var id = await FiringAsync("SilenceHtmx", "f-silence-htmx");
        using var browser = await ops.SignedInBrowserAsync();

        var (page, _) = await browser.GetPageAsync($"/alerts/{id}");
        // The test apiserver has no Alertmanager: the receiver's refusal is what the user reads.
        var (code, html, target, swap) = await ReadAsync(await browser.SubmitAsync($"/alerts/{id}", "silence",
            new Dictionary<string, string> { ["Silence.Duration"] = "custom", ["Silence.Custom"] = "2h", ["Silence.Comment"] = "deploying a fix" },
            AlertEndpoints.SilencePath(id), htmx: true));

        Assert.Equal(HttpStatusCode.OK, page);
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("#silence-outcome", target);
        Assert.Equal("innerHTML", swap);
        Assert.StartsWith("<p class=\"outcome error\" role=\"alert\">Could not silence (ServiceUnavailable): no Alertmanager is configured", html.TrimStart());
    }

    [Fact]
    public async Task TheAlertPageSilenceFormPostsWithHtmxAndKeepsThePlainPostWithoutScript()
    {
        var id = await FiringAsync("SilenceForm", "f-silence-form");
        using var browser = await ops.SignedInBrowserAsync();

        var (_, html) = await browser.GetPageAsync($"/alerts/{id}");

        Assert.Contains($"hx-post=\"/alerts/{id}/silence\" hx-target=\"#silence-outcome\" hx-swap=\"innerHTML\"", html);
        Assert.Contains("<input type=\"hidden\" name=\"_handler\" value=\"silence\" />", html);
        Assert.Contains("<div id=\"silence-outcome\" aria-live=\"polite\"></div>", html);
        Assert.Contains("<meta name=\"htmx-config\"", html);
    }

    [Fact]
    public async Task AnUnreachableReceiverIsAnOutcomeForEachAction()
    {
        var user = PageServices.Unreachable();

        var (acknowledged, alert) = await AlertActions.AcknowledgeAsync(user.Http!, 1);
        var silenced = await AlertActions.SilenceAsync(user.Http!, 1, "1h", null);

        Assert.False(acknowledged.Succeeded);
        Assert.Null(alert);
        Assert.StartsWith("Could not acknowledge: the on-call receiver is unreachable:", acknowledged.Message);
        Assert.False(silenced.Succeeded);
        Assert.StartsWith("Could not silence: the on-call receiver is unreachable:", silenced.Message);
    }
}
