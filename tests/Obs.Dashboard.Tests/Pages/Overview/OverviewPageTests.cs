using System.Net;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Pages.Overview;

/// <summary>The overview served by the dashboard over a real apiserver, with no Prometheus configured.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OverviewPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task OverviewRendersWithChartsSayingPrometheusIsNotConfigured()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        using var response = await browser.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 class=\"small\">Overview</h1>", html);
        Assert.Contains("id=\"tile-nodes\"", html);
        Assert.Contains("No alerts firing.", html);
        Assert.Equal(5, html.Split("Prometheus is not configured.").Length - 1);
    }
}
