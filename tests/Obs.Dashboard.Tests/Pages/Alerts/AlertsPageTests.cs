using System.Text.Json.Nodes;
using Obs.Dashboard.Pages.Alerts;
using Obs.Dashboard.Tests.Alerting;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Alerts;

/// <summary>The alerts page over a real apiserver's on-call receiver: alerts arrive through Alertmanager's webhook.</summary>
public sealed class AlertsPageTests(OpsCluster ops) : IClassFixture<OpsCluster>
{
    private Task<string> RenderAsync(string query) =>
        ComponentRenderer.RenderAsync<AlertsPage>(services: s => s.AddPage("http://dashboard.test/alerts" + query, ops.User));

    private async Task<long> IdOfAsync(string fingerprint)
    {
        var (_, list) = await ops.Cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts");
        return list!["items"]!.AsArray().OfType<JsonObject>().Single(a => a["fingerprint"]!.GetValue<string>() == fingerprint)["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task ManyAlertsAreListedAndFilteredBySeverityAndNamespaceFromTheQueryString()
    {
        var severities = new[] { "critical", "warning", "info" };
        await Webhooks.PostAsync(ops.Cluster, "firing", [.. Enumerable.Range(0, 12).Select(i =>
            Webhooks.Alert("ManyCrashing", $"f-many-{i}", ns: "many", pod: $"web-{i}", severity: severities[i % 3]))]);

        var all = await RenderAsync("?namespace=many");
        Assert.Contains("12 alert(s): 12 firing, 0 acknowledged, 0 resolved", all);
        Assert.Equal(12, Count(all, "<article class=\"alert"));
        Assert.Contains("<a href=\"/pods/many/web-11\">Pod many/web-11</a>", all);

        var critical = await RenderAsync("?namespace=many&severity=critical");
        Assert.Equal(4, Count(critical, "<article class=\"alert"));
        Assert.DoesNotContain("severity-warning", critical);
        Assert.Contains("<option value=\"critical\" selected>critical</option>", critical);
    }

    [Fact]
    public async Task AResolvedAlertIsListedAsResolvedWithItsTime()
    {
        await Webhooks.PostAsync(ops.Cluster, "firing", Webhooks.Alert("Resolving", "f-resolving", ns: "resolving"));
        await Webhooks.PostAsync(ops.Cluster, "resolved", Webhooks.Alert("Resolving", "f-resolving", ns: "resolving", status: "resolved"));

        var html = await RenderAsync("?state=resolved&namespace=resolving");

        Assert.Contains("1 alert(s): 0 firing, 0 acknowledged, 1 resolved", html);
        Assert.Contains("<dt>Resolved</dt>", html);
        Assert.Contains("<span class=\"resolved-by\">by Alertmanager</span>", html);
        Assert.DoesNotContain("<article", await RenderAsync("?state=firing&namespace=resolving"));
    }

    [Fact]
    public async Task TheListRefetchesItselfWithItsFiltersWhenTheAlertsChange()
    {
        var html = await RenderAsync("?state=firing&namespace=shop");

        Assert.Contains("sse-connect=\"/live?topic=alerts&amp;since=0\"", html);
        Assert.Contains("<div class=\"live-refresh\" hidden hx-get=\"/alerts?state=firing&amp;namespace=shop\" hx-trigger=\"sse:alerts\" hx-target=\"#alerts-list\" hx-select=\"#alerts-list\" hx-swap=\"outerHTML\"></div>", html);
        // The outcome region is closed before the live list begins: the refresh never replaces an action's outcome.
        var region = html.IndexOf("<div id=\"alerts-outcome\" class=\"action-outcome\" aria-live=\"polite\"></div>", StringComparison.Ordinal);
        Assert.InRange(region, 0, html.IndexOf("<div id=\"alerts-list\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FiltersThatMatchNothingSaySo()
    {
        var html = await RenderAsync("?namespace=nothing-here");

        Assert.Contains("No alerts match these filters.", html);
    }

    [Fact]
    public async Task AnUnreachableReceiverIsShownNotThrown()
    {
        var html = await ComponentRenderer.RenderAsync<AlertsPage>(services: s => s.AddPage("http://dashboard.test/alerts", PageServices.Unreachable()));

        Assert.Contains("role=\"alert\">The on-call receiver is unreachable:", html);
    }

    [Fact]
    public async Task AcknowledgingThroughThePageStoresWhoTookIt()
    {
        await Webhooks.PostAsync(ops.Cluster, "firing", Webhooks.Alert("AckMe", "f-ackme", ns: "ackme"));
        var id = await IdOfAsync("f-ackme");
        using var host = await ops.SignedInBrowserAsync();

        var (code, html) = await host.PostFormAsync("/alerts?namespace=ackme", "ack", [new("AckId", id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(System.Net.HttpStatusCode.OK, code);
        Assert.Contains("<div id=\"alerts-outcome\" class=\"action-outcome\" aria-live=\"polite\"><p class=\"outcome ok\" role=\"status\">Acknowledged AckMe: you are on it.</p></div>", html);
        Assert.Contains("0 firing, 1 acknowledged", html);
        var (_, stored) = await ops.Cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{id}");
        Assert.Equal("acknowledged", stored!["status"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(stored["acknowledgedBy"]?.GetValue<string>()));
    }

    [Fact]
    public async Task TheAlertPageShowsItsHistoryAndSaysWhyASilenceWasRefused()
    {
        await Webhooks.PostAsync(ops.Cluster, "firing", Webhooks.Alert("History", "f-history", ns: "history"));
        await Webhooks.PostAsync(ops.Cluster, "resolved", Webhooks.Alert("History", "f-history", ns: "history", status: "resolved"));
        await Webhooks.PostAsync(ops.Cluster, "firing", Webhooks.Alert("Silenced", "f-silenced", ns: "silenced"));
        using var host = await ops.SignedInBrowserAsync();

        var (_, history) = await host.GetPageAsync($"/alerts/{await IdOfAsync("f-history")}");
        Assert.Contains("<h2 id=\"history-title\">History</h2>", history);
        Assert.Equal(2, Count(history, "<td>oncall</td>"));
        Assert.Contains("<td>firing</td>", history);
        Assert.Contains("<td>resolved</td>", history);

        // The test apiserver has no Alertmanager: the receiver's refusal is what the user reads.
        var (code, silenced) = await host.PostFormAsync($"/alerts/{await IdOfAsync("f-silenced")}", "silence",
            [new("Silence.Duration", "4h"), new("Silence.Comment", "deploying a fix")]);
        Assert.Equal(System.Net.HttpStatusCode.OK, code);
        Assert.Contains("Could not silence (ServiceUnavailable): no Alertmanager is configured", silenced);
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
