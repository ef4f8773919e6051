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

    /// <summary>
    /// As every scrape endpoint (issue 6): gzip when Prometheus offers it, OpenMetrics when asked, and
    /// what it writes passes promtool. Prometheus asks for gzip on every scrape.
    /// </summary>
    [Fact]
    public async Task AScrapeIsGzippedWhenOfferedAnswersOpenMetricsWhenAskedAndPassesPromtool()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Host.Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var zipped = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, zipped.StatusCode);
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        string text;
        await using (var unzip = new System.IO.Compression.GZipStream(await zipped.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress))
        using (var reader = new StreamReader(unzip))
            text = await reader.ReadToEndAsync();
        Assert.Contains("# TYPE obs_dashboard_live_streams gauge", text);
        await Obs.Testing.Promtool.AssertMetricsCleanAsync(text);

        using var open = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        open.Headers.Accept.ParseAdd("application/openmetrics-text;version=1.0.0");
        using var openMetrics = await http.SendAsync(open);
        Assert.Equal("application/openmetrics-text", openMetrics.Content.Headers.ContentType?.MediaType);
        Assert.Empty(openMetrics.Content.Headers.ContentEncoding);
        Assert.EndsWith("# EOF\n", await openMetrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
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
