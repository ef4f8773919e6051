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

        // ASP.NET Core records a request's duration as the request ends on the server, which can be just after the client
        // has read the whole response: scrape until the /pods request is in (a safety net of 30 s, not a speed check).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage response;
        string text;
        while (true)
        {
            response = await anonymous.GetAsync("/metrics");
            text = await response.Content.ReadAsStringAsync();
            if (text.Contains("http_route=\"/pods\"", StringComparison.Ordinal) || DateTime.UtcNow > deadline) break;
            response.Dispose();
            await Task.Delay(50);
        }
        using var scraped = response;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE obs_dashboard_live_streams gauge", text);
        Assert.Contains("obs_dashboard_cache_synced 1", text);
        // The admin's namespaces are in the cache: default, kube-system, kube-public, kube-node-lease at least.
        Assert.True(Sample(text, "obs_dashboard_cache_objects{resource=\"namespaces\"}") >= 4, text);
        Assert.Matches("http_server_request_duration_seconds_count\\{[^}]*http_route=\"/pods\"", text);
        Assert.True(Sample(text, "process_resident_memory_bytes") > 0, text);
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", text);
    }

    [Fact]
    public async Task AnOpenLiveStreamIsCountedUntilItCloses()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        // The collection's tests run one at a time, but a stream an earlier test closed is counted until the
        // server notices: wait for none, so what is counted below is this test's stream alone.
        var before = await LiveStreamsUntilAsync(browser, 0);
        double during;
        using (await LiveStream.OpenAsync(browser, "topic=pods")) during = await LiveStreamsAsync(browser);
        var after = await LiveStreamsUntilAsync(browser, 0);

        Assert.Equal(0, before);
        Assert.Equal(1, during);
        Assert.Equal(0, after);
    }

    /// <summary>The count once it is <paramref name="expected"/>, or what it still is after 30 s (a safety net, not a speed check).</summary>
    private static async Task<double> LiveStreamsUntilAsync(DashboardBrowser browser, double expected)
    {
        var count = await LiveStreamsAsync(browser);
        for (var i = 0; i < 300 && count != expected; i++)
        {
            await Task.Delay(100);
            count = await LiveStreamsAsync(browser);
        }
        return count;
    }

    private static async Task<double> LiveStreamsAsync(DashboardBrowser browser) =>
        Sample(await browser.Http.GetStringAsync("/metrics"), "obs_dashboard_live_streams");

    private static double Sample(string text, string series)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
