using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Alerting;

/// <summary>The "alerts" live topic: the dashboard notices the receiver's alerts changing and tells the open alert pages.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AlertsLiveFeedTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AnAlertArrivingAtTheReceiverSendsAnAlertsEventToOpenStreams()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        using var live = await LiveStream.OpenAsync(browser, "topic=alerts");

        // The feed compares each list with the one before, so a new alert now is a change it reports.
        var fingerprint = "f-live-" + Guid.NewGuid().ToString("N")[..8];
        await Webhooks.PostAsync(fixture.Cluster, "firing", Webhooks.Alert("LiveFeed", fingerprint, ns: "live-alerts"));

        var data = await live.NextEventAsync("alerts");
        // Resolved again, so the overview of the other tests on this cluster still has nothing firing.
        await Webhooks.PostAsync(fixture.Cluster, "resolved", Webhooks.Alert("LiveFeed", fingerprint, ns: "live-alerts", status: "resolved"));
        Assert.Equal("data: changed", data);
    }
}
