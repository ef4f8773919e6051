using Microsoft.Extensions.Time.Testing;
using Obs.Dashboard.Charts;
using Obs.Dashboard.Pages.Nodes;
using Obs.Dashboard.Tests.Prometheus;

namespace Obs.Dashboard.Tests.Pages.Nodes;

/// <summary>
/// The PromQL behind the node list's USE figures and the node page's charts, asked of a real Prometheus scraping
/// obs-exporter's node collectors on this machine with the <c>node</c> label the apiserver's discovery gives a node's
/// target: every query must answer for that node, under that label, or the dashboard shows a dash where a figure belongs.
/// </summary>
public sealed class NodeQueriesOnPrometheusTests(NodePrometheus prometheus) : IClassFixture<NodePrometheus>
{
    private const string Node = NodePrometheus.Node;

    // rate() over [5m] needs two scrapes (one a second), and on a busy machine a scrape can time out, which leaves the
    // series stale for a moment: the figures are read again until all are there. The limit is a safety net, not a speed check.
    private static readonly TimeSpan DataLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EveryNodeListQueryAnswersForTheNodeByItsLabelAndTheListHasEveryFigure()
    {
        // A fake clock moved past the source's cache age before each reading, so each reading asks Prometheus again.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var source = new NodeUsageSource(prometheus.Client, time);

        var usage = await EventuallyAsync(async () =>
        {
            time.Advance(NodeUsageSource.MaxAge);
            return await source.GetAsync(CancellationToken.None);
        }, u => Missing(u.For(Node)).Count == 0);

        Assert.Null(usage.Error);
        var missing = Missing(usage.For(Node));
        Assert.True(missing.Count == 0, $"no finite sample labelled node=\"{Node}\" from:\n{string.Join('\n', missing)}\nPrometheus:\n{prometheus.Log}");
        var figures = usage.For(Node)!;
        Assert.InRange(figures.CpuUtilisation!.Value, 0, 1);
        Assert.InRange(figures.MemoryUtilisation!.Value, 0, 1);
        Assert.InRange(figures.DiskUtilisation!.Value, 0, 1);
    }

    [Fact]
    public async Task EveryNodePageChartDrawsTheNodesLine()
    {
        var charts = await EventuallyAsync(
            () => UsageCharts.LoadAsync(prometheus.Client, DateTimeOffset.UtcNow, CancellationToken.None, node: Node),
            cs => cs.All(c => c.Error is null && c.HasPoints));

        Assert.Equal(UsageCharts.Queries("").Count, charts.Count);
        Assert.All(charts, chart =>
        {
            Assert.Null(chart.Error);
            Assert.True(chart.HasPoints, $"the chart \"{chart.Title}\" has no point\nPrometheus:\n{prometheus.Log}");
            Assert.All(chart.Series, s => Assert.Equal(Node, s.Name));
        });
    }

    /// <summary>The queries of <see cref="NodeUsageSource.Queries"/> whose figure the node has not (all of them when it has none).</summary>
    private static List<string> Missing(NodeUsage? usage)
    {
        double?[] figures = usage is null
            ? new double?[NodeUsageSource.Queries.Count]
            : [usage.CpuUtilisation, usage.CpuSaturation, usage.MemoryUtilisation, usage.MemorySaturation, usage.DiskUtilisation, usage.NetworkErrors];
        return NodeUsageSource.Queries.Where((_, i) => figures[i] is null).ToList();
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + DataLimit;
        var value = await read();
        while (!done(value) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(500);
            value = await read();
        }
        return value;
    }
}
