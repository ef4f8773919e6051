using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Obs.Dashboard.Pages.Nodes;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard.Tests.Pages.Nodes;

public sealed class NodeUsageSourceTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<string> _queries = [];

    /// <summary>A Prometheus whose answer to the i-th of the source's queries gives node-a the value i + 0.5 and node-b none, plus a sample without a node.</summary>
    private sealed class ByNode(List<string> queries) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var query = WebUtility.UrlDecode(request.RequestUri!.Query)["?query=".Length..];
            lock (queries) queries.Add(query);
            var i = NodeUsageSource.Queries.ToList().IndexOf(query);
            var body = $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"node":"node-a"},"value":[1,"{{{(i + 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)}}}"]},{"metric":{},"value":[1,"9"]},{"metric":{"node":"node-c"},"value":[1,"NaN"]}]}}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private NodeUsageSource Source() => new(new PrometheusClient(new HttpClient(new ByNode(_queries)), new Uri("http://prometheus.test/")), _time);

    [Fact]
    public async Task EachFigureComesFromItsQueryByTheNodeLabel()
    {
        var usage = await Source().GetAsync(CancellationToken.None);

        Assert.Null(usage.Error);
        Assert.Equal(new NodeUsage(0.5, 1.5, 2.5, 3.5, 4.5, 5.5), usage.For("node-a"));
        Assert.Null(usage.For("node-b"));
        // A sample that is not a number is no figure.
        Assert.Null(usage.For("node-c"));
        Assert.All(_queries, q => Assert.Contains("by (node)", q));
    }

    [Fact]
    public async Task EveryRenderWithinTheScrapeIntervalSharesOneReading()
    {
        var source = Source();

        await source.GetAsync(CancellationToken.None);
        _time.Advance(NodeUsageSource.MaxAge - TimeSpan.FromSeconds(1));
        await source.GetAsync(CancellationToken.None);
        var withinInterval = _queries.Count;
        _time.Advance(TimeSpan.FromSeconds(1));
        await source.GetAsync(CancellationToken.None);

        Assert.Equal(NodeUsageSource.Queries.Count, withinInterval);
        Assert.Equal(2 * NodeUsageSource.Queries.Count, _queries.Count);
    }

    [Fact]
    public async Task PrometheusNotConfiguredOrAwayIsAReasonNotAnException()
    {
        var unconfigured = await new NodeUsageSource(new PrometheusClient(new HttpClient(), null), _time).GetAsync(CancellationToken.None);
        var away = await new NodeUsageSource(new PrometheusClient(new HttpClient(), new Uri($"http://127.0.0.1:{Obs.Testing.FreePort.Next()}/")), _time)
            .GetAsync(CancellationToken.None);

        Assert.Equal("Prometheus is not configured.", unconfigured.Error);
        Assert.StartsWith("Prometheus is unreachable at", away.Error);
        Assert.Empty(away.ByNode);
    }
}
