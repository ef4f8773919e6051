using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.Dashboard.Pages.Nodes;
using Obs.Dashboard.Tests.Components;
using Obs.Dashboard.Tests.Prometheus;

namespace Obs.Dashboard.Tests.Pages.Nodes;

/// <summary>The node page's own USE charts, from node_exporter's series of that node only.</summary>
public sealed class NodePageChartsTests
{
    private readonly CachedObjects _objects = new();

    private Task<string> RenderAsync(string name) =>
        _objects.RenderAsync<NodePage>($"http://dashboard.test/nodes/{name}", new Dictionary<string, object?> { ["Name"] = name });

    [Fact]
    public async Task TheNodesCpuAndMemoryUtilisationAndSaturationAreChartedFromItsOwnSeries()
    {
        var queries = new List<string>();
        _objects.Prometheus = CannedPrometheus.Client(queries);
        _objects.Add(ResourceTypes.Node, new JsonObject { ["metadata"] = CachedObjects.Meta("", "worker-1", TimeSpan.FromDays(1)) });

        var html = await RenderAsync("worker-1");

        Assert.Contains("<h2 id=\"usage-heading\">Utilisation and saturation (last hour)</h2>", html);
        foreach (var title in new[] { "CPU utilisation", "CPU saturation (load per CPU)", "Memory utilisation", "Memory saturation (major page faults)" })
            Assert.Contains($"aria-label=\"{title} over time\"", html);
        Assert.Contains(queries, q => q.Contains("1 - avg(rate(node_cpu_seconds_total{mode=\"idle\",node=\"worker-1\"}[5m]))", StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("sum(node_load1{node=\"worker-1\"}) / count(node_cpu_seconds_total{mode=\"idle\",node=\"worker-1\"})", StringComparison.Ordinal));
        Assert.All(queries, q => Assert.Contains("node=\"worker-1\"", q));
    }

    [Fact]
    public async Task PrometheusBeingAwayIsSaidWhereTheNodesChartsWouldBe()
    {
        _objects.Add(ResourceTypes.Node, new JsonObject { ["metadata"] = CachedObjects.Meta("", "worker-1", TimeSpan.FromDays(1)) });

        var html = await RenderAsync("worker-1");

        Assert.Equal(4, html.Split("<p class=\"message info chart-unavailable\">Prometheus is not configured.</p>").Length - 1);
    }
}
