using System.Globalization;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Metrics;

/// <summary>The apiserver's /metrics carries the process and .NET runtime families dashboards read for every component.</summary>
public sealed class ProcessMetricsTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static double Sample(string exposition, string series) =>
        double.Parse(exposition.Split('\n').Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], CultureInfo.InvariantCulture);

    [Fact]
    public async Task ProcessAndRuntimeFamiliesArePublishedAndPassPromtool()
    {
        var text = await cluster.Client.GetStringAsync("/metrics");
        var rss = Sample(text, "process_resident_memory_bytes");
        Assert.InRange(rss, 10e6, 64e9);
        Assert.True(Sample(text, "process_virtual_memory_bytes") >= rss);
        Assert.True(Sample(text, "process_cpu_seconds_total") > 0);
        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)(Sample(text, "process_start_time_seconds") * 1000));
        Assert.InRange(started, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow);
        Assert.InRange(Sample(text, "process_open_fds"), 3, Sample(text, "process_max_fds"));
        // The runtime's own meter: heap and collections, as .NET names them.
        Assert.Contains("# TYPE dotnet_gc_collections_total counter", text);
        Assert.Contains("# TYPE dotnet_process_memory_working_set_bytes gauge", text);
        await Promtool.AssertMetricsCleanAsync(text);
    }

    /// <summary>
    /// Issue 6's RED of the control plane: ASP.NET Core's <c>http.server.request.duration</c>, written as
    /// <c>http_server_request_duration_seconds</c> with OpenTelemetry's buckets, beside <c>apiserver_request_*</c>.
    /// </summary>
    [Fact]
    public async Task AspNetCoresRequestDurationIsPublishedBesideTheApiserversOwn()
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, (await cluster.Client.GetAsync("/api")).StatusCode);
        var text = await cluster.Client.GetStringAsync("/metrics");
        var lines = string.Join('\n', text.Split('\n').Where(l => l.Contains("http_server_request_duration", StringComparison.Ordinal)));
        Assert.True(text.Contains("# TYPE http_server_request_duration_seconds histogram", StringComparison.Ordinal), lines);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text,
            """(?m)^http_server_request_duration_seconds_bucket\{[^}]*http_request_method="GET"[^}]*http_response_status_code="200"[^}]*le="\+Inf"\} [1-9]"""), lines);
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, """(?m)^http_server_request_duration_seconds_bucket\{[^}]*le="7.5"\} """), lines);
        Assert.Contains("# TYPE apiserver_request_total counter", text);
    }
}
