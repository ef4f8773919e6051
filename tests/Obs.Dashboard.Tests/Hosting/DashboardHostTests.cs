using Microsoft.Extensions.DependencyInjection;
using System.Net;

namespace Obs.Dashboard.Tests.Hosting;

[Collection(DashboardCollection.Name)]
public sealed class DashboardHostTests(DashboardFixture fixture)
{
    [Fact]
    public async Task ReadinessAnswersOkOnceTheClusterCacheHasListedEverything()
    {
        using var browser = fixture.NewBrowser();
        await fixture.Host.Services.GetService<Cluster.ClusterCache>()!.WaitForSyncAsync().WaitAsync(TimeSpan.FromSeconds(60));

        using var ready = await browser.GetAsync("/-/ready");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
