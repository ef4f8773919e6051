using Obs.Dashboard.Pages.Alerts;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Alerts;

/// <summary>A cluster where nothing has ever fired (its own cluster: the other alert tests post alerts).</summary>
public sealed class AlertsPageEmptyTests(OpsCluster ops) : IClassFixture<OpsCluster>
{
    [Fact]
    public async Task NoAlertsSaysNothingIsFiring()
    {
        var html = await ComponentRenderer.RenderAsync<AlertsPage>(services: s => s.AddPage("http://dashboard.test/alerts", ops.User));

        Assert.Contains("No alerts: nothing is firing and nothing has fired recently.", html);
        Assert.DoesNotContain("<article", html);
    }
}
