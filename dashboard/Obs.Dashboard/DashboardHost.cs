using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Obs.Client.Rest;
using Obs.Dashboard.Alerting;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Components;
using Obs.Dashboard.Live;
using Obs.Dashboard.Logs;
using Obs.Dashboard.Monitoring;
using Obs.Dashboard.Prometheus;

namespace Obs.Dashboard;

/// <summary>The dashboard's web host: Razor components rendered on the server, the static assets beside them.</summary>
public sealed class DashboardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    /// <summary>The port Kestrel listens on (the chosen one when the options asked for 0).</summary>
    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Where the built front-end files are: `assets/` beside the assembly.</summary>
    public static string AssetsDirectory => Path.Combine(AppContext.BaseDirectory, "assets");

    public static DashboardHost Create(DashboardOptions options, Action<ILoggingBuilder>? logging = null)
    {
        // Configured in code only: the content root is the assembly's folder, not the working directory (an
        // appsettings.json there would configure Kestrel), and no configuration file is watched (the watcher took
        // one inotify watch per directory of the working tree: 1,428 under `obs up` from a checkout).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        if (logging is not null) logging(builder.Logging);
        else builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Keys kept as files without an XML encryptor is the intended setup (a local, single-user
        // state folder), not something to warn about on every start.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Address, options.Port);
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => ApiClient.FromKubeconfig(options.Kubeconfig, new ApiClientOptions { Qps = 50, Burst = 100, UserAgent = "obs-dashboard" }));
        services.AddSingleton<ClusterCache>();
        services.AddSingleton(_ => new PrometheusClient(new HttpClient(), options.PrometheusUrl));
        services.AddScoped<CurrentUser>();
        var protection = services.AddDataProtection().SetApplicationName("obs-dashboard");
        if (options.KeysDirectory is { } keys) protection.PersistKeysToFileSystem(new DirectoryInfo(keys));
        else services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<SignInCookie>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<LiveHub>();
        services.AddScoped(s => new LiveSince(s.GetRequiredService<LiveHub>().Sequence));
        services.AddSingleton<Obs.Dashboard.Pages.Nodes.NodeUsageSource>();
        services.AddDashboardMetrics();
        services.AddHostedService<ClusterCacheService>();
        services.AddHostedService<AlertsLiveFeed>();
        services.AddRazorComponents();
        services.AddAntiforgery();

        var app = builder.Build();
        // Created now so its informer handlers are in place before the first page asks for /live.
        app.Services.GetRequiredService<LiveHub>();
        // Also now: the registry listens to request durations only from its creation on.
        app.Services.GetRequiredService<Obs.Exporter.Telemetry.MetricsRegistry>();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(AssetsDirectory),
            RequestPath = "/assets",
        });
        app.UseMiddleware<SignInMiddleware>();
        app.UseAntiforgery();
        app.MapGet("/healthz", () => "ok");
        // Ready once every informer has listed the cluster, so the first page `obs up` points at is complete.
        // The path is the one Prometheus and Alertmanager answer, which `obs up` already waits on.
        app.MapGet("/-/ready", (ClusterCache cache) => ClusterCache.Watched.All(t => cache.Informer(t).HasSynced)
            ? Results.Text("ok") : Results.Text("the cluster cache is still loading", statusCode: StatusCodes.Status503ServiceUnavailable));
        SignOutEndpoint.Map(app);
        LiveEndpoint.Map(app);
        MetricsEndpoint.Map(app);
        Fragments.Map(app);
        Obs.Dashboard.Pages.Alerts.AlertEndpoints.Map(app);
        app.MapRazorComponents<App>();
        app.MapPodLogs();
        return new DashboardHost(app);
    }

    private bool _started;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken);
        _started = true;
    }

    /// <summary>Serves until <paramref name="cancellationToken"/> is cancelled (SIGTERM or Ctrl-C in `obs dashboard`).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.StopAsync(CancellationToken.None);
        _started = false;
    }

    public async ValueTask DisposeAsync()
    {
        // A host that failed to start (a missing kubeconfig) has nothing to stop, and stopping it would throw over the real error.
        if (_started) await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
