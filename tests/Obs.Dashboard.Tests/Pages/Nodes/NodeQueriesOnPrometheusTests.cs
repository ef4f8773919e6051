using Obs.Dashboard.Charts;
using Obs.Dashboard.Pages.Nodes;
using Obs.Dashboard.Prometheus;
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

    // rate() over [5m] needs two scrapes (one a second); the limit is a safety net on a busy machine, not a speed check.
    private static readonly TimeSpan DataLimit = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task EveryNodeListQueryAnswersForTheNodeByItsLabelAndTheListHasEveryFigure()
    {
        var client = prometheus.Client;

        var answered = await AnsweredAsync(client, NodeUsageSource.Queries);
        var usage = await new NodeUsageSource(client, TimeProvider.System).GetAsync(CancellationToken.None);

        var silent = NodeUsageSource.Queries.Where(q => !answered.Contains(q)).ToList();
        Assert.True(silent.Count == 0, $"no sample labelled node=\"{Node}\" from:\n{string.Join('\n', silent)}\nPrometheus:\n{prometheus.Log}");
        Assert.Null(usage.Error);
        var figures = usage.For(Node);
        Assert.NotNull(figures);
        Assert.All(new[] { figures.CpuUtilisation, figures.CpuSaturation, figures.MemoryUtilisation, figures.MemorySaturation, figures.DiskUtilisation, figures.NetworkErrors },
            figure => Assert.True(figure.HasValue, $"a figure of {figures} is missing"));
        Assert.InRange(figures.MemoryUtilisation!.Value, 0, 1);
        Assert.InRange(figures.DiskUtilisation!.Value, 0, 1);
    }

    [Fact]
    public async Task EveryNodePageChartDrawsTheNodesLine()
    {
        var client = prometheus.Client;
        // The node page's queries with its node selector, asked as instant queries until each answers (then the range query has a point).
        var queries = UsageCharts.Queries($"node=\"{Node}\"").Select(q => q.Query).ToList();
        var answered = await AnsweredAsync(client, queries, byNode: false);

        var charts = await UsageCharts.LoadAsync(client, DateTimeOffset.UtcNow, CancellationToken.None, node: Node);

        var silent = queries.Where(q => !answered.Contains(q)).ToList();
        Assert.True(silent.Count == 0, $"no sample from:\n{string.Join('\n', silent)}\nPrometheus:\n{prometheus.Log}");
        Assert.All(charts, chart =>
        {
            Assert.Null(chart.Error);
            Assert.True(chart.HasPoints, $"the chart \"{chart.Title}\" has no point");
            Assert.All(chart.Series, s => Assert.Equal(Node, s.Name));
        });
    }

    /// <summary>
    /// The queries that answered with a finite sample (labelled with the node when <paramref name="byNode"/>), asked again
    /// until all have or the limit passes: the first scrapes take a moment, and rate() needs two of them.
    /// </summary>
    private static async Task<HashSet<string>> AnsweredAsync(PrometheusClient client, IReadOnlyList<string> queries, bool byNode = true)
    {
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var deadline = DateTimeOffset.UtcNow + DataLimit;
        while (answered.Count < queries.Count && DateTimeOffset.UtcNow < deadline)
        {
            foreach (var query in queries.Where(q => !answered.Contains(q)))
            {
                var samples = await client.QueryAsync(query);
                if (samples.Any(s => double.IsFinite(s.Value) && (!byNode || s.Label("node") == Node))) answered.Add(query);
            }
            if (answered.Count < queries.Count) await Task.Delay(500);
        }
        return answered;
    }
}
