using System.Globalization;
using System.Net;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Monitoring;

[Collection(DashboardCollection.Name)]
public sealed class MetricsEndpointTests(DashboardFixture fixture)
{
    [Fact]
    public async Task AnonymousScrapeGetsTheTextFormatWithTheCacheAndItsOwnRequestDurations()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        using (var page = await browser.GetAsync("/pods")) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var anonymous = fixture.NewBrowser();

        using var response = await anonymous.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE obs_dashboard_live_streams gauge", text);
        Assert.Contains("obs_dashboard_cache_synced 1", text);
        // The admin's namespaces are in the cache: default, kube-system, kube-public, kube-node-lease at least.
        Assert.True(Sample(text, "obs_dashboard_cache_objects{resource=\"namespaces\"}") >= 4, text);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/pods\"", text);
    }

    [Fact]
    public async Task AnOpenLiveStreamIsCountedUntilItCloses()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        var before = await LiveStreamsAsync(browser);
        double during;
        using (await LiveStream.OpenAsync(browser, "topic=pods")) during = await LiveStreamsAsync(browser);
        var after = before;
        for (var i = 0; i < 200 && (after = await LiveStreamsAsync(browser)) != before; i++) await Task.Delay(50);

        Assert.Equal(before + 1, during);
        Assert.Equal(before, after);
    }

    private static async Task<double> LiveStreamsAsync(DashboardBrowser browser) =>
        Sample(await browser.Http.GetStringAsync("/metrics"), "obs_dashboard_live_streams");

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
