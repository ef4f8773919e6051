using Obs.Dashboard.Charts;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Charts;

public sealed class TimeSeriesChartTests
{
    [Fact]
    public async Task UnavailablePrometheusIsSaidWhereTheChartWouldBe()
    {
        var html = await RenderAsync(ChartData.Failed("CPU utilisation", ChartUnit.Ratio, "Prometheus is not configured."));

        Assert.Contains("<strong>CPU utilisation</strong>", html);
        Assert.Contains("Prometheus is not configured.", html);
        Assert.DoesNotContain("data-chart", html);
    }

    [Fact]
    public async Task NoPointsSaysThereIsNoData()
    {
        var html = await RenderAsync(new ChartData("Memory", ChartUnit.Bytes, [new ChartSeries("cluster", [])]));

        Assert.Contains("No data for this period.", html);
    }

    [Fact]
    public async Task ManySeriesShareOneTimeAxisWithGapsAsNullAndTheLatestInTheCaption()
    {
        var first = Enumerable.Range(0, 60).Select(i => (1000.0 + i * 60, i / 100.0)).ToList();
        var second = new List<(double, double)> { (1000, double.NaN), (1060, 0.5) };
        var data = new ChartData("CPU", ChartUnit.Ratio, [new ChartSeries("a", first), new ChartSeries("b", second)]);

        var html = await RenderAsync(data);
        var json = System.Text.Json.Nodes.JsonNode.Parse(data.ToJson())!;

        Assert.Contains("now 59 %", html);
        Assert.Contains("data-chart=\"{&quot;unit&quot;:&quot;Ratio&quot;", html);
        Assert.Equal(60, json["data"]![0]!.AsArray().Count);
        Assert.Null(json["data"]![2]![0]);
        Assert.Equal(0.5, json["data"]![2]![1]!.GetValue<double>());
        Assert.Null(json["data"]![2]![2]);
    }

    private static Task<string> RenderAsync(ChartData data) =>
        ComponentRenderer.RenderAsync<TimeSeriesChart>(new Dictionary<string, object?> { ["Data"] = data });
}
