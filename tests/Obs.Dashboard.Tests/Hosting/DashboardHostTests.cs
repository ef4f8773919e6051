using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    /// <summary>Like the apiserver's host: no configuration file from the working directory, none watched (an inotify watch per directory).</summary>
    [Fact]
    public void NoConfigurationFileIsWatchedAndTheContentRootIsTheAssemblysFolder()
    {
        Assert.Equal(AppContext.BaseDirectory, fixture.Host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        var configuration = (IConfigurationRoot)fixture.Host.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.DoesNotContain(files, f => f.Source.ReloadOnChange);
    }
}
