using Obs.Dashboard.Pages.Overview;
using Obs.Dashboard.Prometheus;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Overview;

public sealed class ServiceRedTableTests
{
    [Fact]
    public async Task NoTrafficSaysSo()
    {
        var html = await RenderAsync([], null);

        Assert.Contains("No service has served requests in the last 5 minutes.", html);
        Assert.DoesNotContain("<table", html);
    }

    [Fact]
    public async Task PrometheusDownIsShownInTheTablesPlace()
    {
        var html = await RenderAsync([], "Prometheus is unreachable at http://127.0.0.1:9/: Connection refused");

        Assert.Contains("Prometheus is unreachable at http://127.0.0.1:9/: Connection refused", html);
        Assert.DoesNotContain("<table", html);
    }

    [Fact]
    public async Task ManyServicesAreRankedWorstErrorRatioFirstAndCutToTheTop()
    {
        var rates = Enumerable.Range(0, 30).Select(i => Sample($"svc{i:00}", 10)).ToList();
        var errors = new[] { Sample("svc07", 5), Sample("svc03", 1) };
        var p99 = rates.Select((r, i) => Sample($"svc{i:00}", i / 100.0)).ToList();

        var rows = ServiceRed.Rank(rates, errors, p99);
        var html = await RenderAsync(rows, null);

        Assert.Equal(ServiceRed.Top, rows.Count);
        Assert.Equal(["svc07", "svc03", "svc29"], rows.Take(3).Select(r => r.Service));
        Assert.Contains("<td><a href=\"/services/shop/svc07\">shop/svc07</a></td>", html);
        Assert.Contains("<td>50 %</td>", html);
        Assert.Contains("<td>290 ms</td>", html);
    }

    private static Task<string> RenderAsync(IReadOnlyList<ServiceRed> rows, string? error) =>
        ComponentRenderer.RenderAsync<ServiceRedTable>(new Dictionary<string, object?> { ["Rows"] = rows, ["Error"] = error });

    private static InstantSample Sample(string service, double value) =>
        new(new Dictionary<string, string> { ["namespace"] = "shop", ["service"] = service }, value);
}
