using Obs.Testing;

namespace Obs.ApiServer.Tests.Metrics;

/// <summary>kube-apiserver's in-flight and long-running gauges on the apiserver's /metrics.</summary>
public sealed class RequestGaugesTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string WatchSeries =
        """apiserver_longrunning_requests{component="apiserver",group="",resource="configmaps",scope="namespace",subresource="",verb="WATCH",version="v1"}""";

    private Task<string> ScrapeAsync() => cluster.Client.GetStringAsync("/metrics");

    private static string? Sample(string exposition, string series) =>
        exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))?[(series.Length + 1)..];

    [Fact]
    public async Task InFlightRequestsAreCountedByKindWithTheScrapeItselfReadOnly()
    {
        var text = await ScrapeAsync();
        Assert.Contains("# TYPE apiserver_current_inflight_requests gauge", text);
        Assert.Equal("1", Sample(text, """apiserver_current_inflight_requests{request_kind="readOnly"}"""));
        Assert.Equal("0", Sample(text, """apiserver_current_inflight_requests{request_kind="mutating"}"""));
        await Promtool.AssertMetricsCleanAsync(text);
    }

    [Fact]
    public async Task AnOpenWatchIsALongRunningRequestUntilItCloses()
    {
        var watch = await WatchReader.OpenAsync(cluster.Client, "/api/v1/namespaces/default/configmaps?watch=true");
        Assert.Equal(200, watch.StatusCode);
        var open = await ScrapeAsync();
        Assert.Contains("# TYPE apiserver_longrunning_requests gauge", open);
        Assert.Equal("1", Sample(open, WatchSeries));
        // The watch is not in-flight work: only the scrape is.
        Assert.Equal("1", Sample(open, """apiserver_current_inflight_requests{request_kind="readOnly"}"""));
        await Promtool.AssertMetricsCleanAsync(open);

        await watch.DisposeAsync();
        string? after = null;
        for (var i = 0; i < 100 && after != "0"; i++)
        {
            await Task.Delay(50);
            after = Sample(await ScrapeAsync(), WatchSeries);
        }
        Assert.Equal("0", after);
    }

    [Fact]
    public async Task RequestsAreCountedUnderTheGroupTheyNamedNotTheOneTheirObjectsAreStoredIn()
    {
        // events.k8s.io/v1 Events are stored as core/v1 ones; kube-apiserver labels a request by the API it called.
        var (code, _) = await cluster.SendAsync(HttpMethod.Get, "/apis/events.k8s.io/v1/namespaces/default/events");
        Assert.Equal(200, code);
        var text = await ScrapeAsync();
        Assert.Contains(text.Split('\n'), l => l.StartsWith("apiserver_request_total{", StringComparison.Ordinal) &&
            l.Contains("group=\"events.k8s.io\"", StringComparison.Ordinal) && l.Contains("resource=\"events\"", StringComparison.Ordinal) &&
            l.Contains("verb=\"LIST\"", StringComparison.Ordinal));
    }
}
