using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Obs.Testing;

namespace Obs.ApiServer.Tests;

/// <summary>How <see cref="ApiServerHost"/> sets up the web host around the dispatcher.</summary>
public sealed class ApiServerHostTests
{
    /// <summary>
    /// ASP.NET Core starts an Activity and a logging scope for each request whenever its hosting request logger is
    /// enabled at any level; with the apiserver's own console logging that cost a GET about 7% of its CPU.
    /// </summary>
    [Fact]
    public async Task TheHostingRequestLoggerIsOffWhileTheApiServerStillLogs()
    {
        // Never started: building the host reads no database.
        await using var host = ApiServerHost.Create(TestCluster.Options("Host=127.0.0.1;Port=1;Database=unused"));
        var loggers = host.Services.GetRequiredService<ILoggerFactory>();

        Assert.False(loggers.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(LogLevel.Critical));
        Assert.True(loggers.CreateLogger("Microsoft.AspNetCore.Server.Kestrel").IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger("Obs.ApiServer.Http.ApiDispatcher").IsEnabled(LogLevel.Information));
    }

    /// <summary>
    /// The host reads no configuration file from the working directory and watches none: a watched
    /// appsettings.json took one inotify watch per directory of the tree `obs up` ran from.
    /// </summary>
    [Fact]
    public async Task NoConfigurationFileIsWatchedAndTheContentRootIsTheAssemblysFolder()
    {
        await using var host = ApiServerHost.Create(TestCluster.Options("Host=127.0.0.1;Port=1;Database=unused"));
        Assert.Equal(AppContext.BaseDirectory, host.Services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        var configuration = (IConfigurationRoot)host.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();
        Assert.NotEmpty(files);
        Assert.DoesNotContain(files, f => f.Source.ReloadOnChange);
    }
}
