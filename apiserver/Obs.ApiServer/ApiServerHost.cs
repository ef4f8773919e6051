using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Obs.ApiServer.Alerting;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Cache;
using Obs.ApiServer.ControlPlane;
using Obs.ApiServer.Eviction;
using Obs.ApiServer.Http;
using Obs.ApiServer.Metrics;
using Obs.ApiServer.Monitoring;
using Obs.ApiServer.Registry;
using Obs.ApiServer.ServiceAccounts;
using Obs.ApiServer.Services;
using Obs.ApiServer.Storage;

namespace Obs.ApiServer;

/// <summary>One apiserver: Kestrel over TLS, the request dispatcher, and the storage, change feed and watch cache behind it.</summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    /// <summary>The category ASP.NET Core logs each request's start and end under.</summary>
    private const string HostingRequestLogger = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private readonly WebApplication _app;

    private ApiServerHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    /// <summary>The port Kestrel listens on (the chosen one when the options asked for 0).</summary>
    public int Port => new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;

    public static ApiServerHost Create(ApiServerOptions options, Action<ILoggingBuilder>? logging = null)
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
        // ASP.NET Core's hosting layer starts an Activity and a logging scope for every request while its request logger is
        // on at any level, even one that drops request start and finish (Information): about 7% of a GET's busy CPU in the
        // profile of `obs bench get`. We record requests ourselves (ApiMetrics); startup failures still throw from StartAsync.
        builder.Logging.AddFilter(HostingRequestLogger, LogLevel.None);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes + 1;
            kestrel.AddServerHeader = false;
            kestrel.Listen(options.Address, options.Port, listen =>
            {
                if (options.TlsCertFile is null) return;
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(X509Certificate2.CreateFromPemFile(options.TlsCertFile, options.TlsKeyFile));
            });
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(options.DatabaseUrl).Build());
        services.AddSingleton(options.ServiceAccounts);
        services.AddSingleton(_ => ServiceAccountSigningKey.LoadOrCreate(options.ServiceAccounts.ResolveKeyFile(options.TlsKeyFile)));
        services.AddSingleton<ServiceAccountJwt>();
        services.AddSingleton<ServiceAccountTokenAuthenticator>();
        services.AddSingleton<TokenRequestEndpoint>();
        services.AddSingleton(sp => new TokenAuthenticator(File.ReadAllLines(options.TokenFile), sp.GetRequiredService<ServiceAccountTokenAuthenticator>()));
        services.AddSingleton(_ => new WatchCache(options.WatchCacheEvents, ringSupersededBytes: options.WatchCacheSupersededBytes));
        services.AddSingleton<LocalCommits>(_ => new LocalCommits());
        services.AddSingleton<ObjectStore>();
        services.AddSingleton<ChangeLog>();
        services.AddSingleton<ObjectAdmission>();
        services.AddSingleton<ServiceAccountAdmission>();
        services.AddSingleton<ServiceAllocationStore>();
        services.AddSingleton(sp => new ServiceAllocator(sp.GetRequiredService<ServiceAllocationStore>(),
            new ServiceIpRange(options.ServiceClusterIpRange), new NodePortRange(options.ServiceNodePortRange)));
        services.AddSingleton<Webhooks.WebhookConfigurations>();
        services.AddSingleton<Webhooks.WebhookMatcher>();
        services.AddSingleton<Webhooks.WebhookCaller>();
        services.AddSingleton<Webhooks.RequestingUser>();
        services.AddSingleton<Webhooks.AdmissionAuthorizer>();
        services.AddSingleton<AdmissionPolicies.AdmissionPolicySet>();
        services.AddSingleton<AdmissionPolicies.PolicyParams>();
        services.AddSingleton<AdmissionPolicies.PolicyAdmission>();
        services.AddSingleton<Webhooks.WebhookAdmission>();
        services.AddSingleton<ObjectRegistry>();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<WatchCacheCollector>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<PrometheusTargets>();
        services.AddSingleton<ClusterStateEndpoint>();
        services.AddSingleton<ReadEndpoint>();
        services.AddSingleton<WatchEndpoint>();
        services.AddSingleton<PatchEndpoint>();
        services.AddSingleton<PodEviction>();
        services.AddSingleton<EvictionEndpoint>();
        services.AddSingleton<Proxy.ProxyEndpoint>();
        services.AddSingleton<ResourceEndpoint>();
        services.AddSingleton<Auth.Rbac.RbacAuthorizer>();
        services.AddSingleton<ApiDispatcher>();
        // Hosted services start in order: the schema exists before the feed reads it.
        services.AddHostedService<MigrationRunner>();
        services.AddSingleton<ChangeNotifier>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeNotifier>());
        services.AddSingleton<ChangeFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeed>());
        services.AddHostedService<Compactor>();
        services.AddHostedService<ServiceAllocationRepair>();
        services.AddSingleton<SystemNamespaces>();
        services.AddHostedService(sp => sp.GetRequiredService<SystemNamespaces>());
        services.AddSingleton<CustomResources.CustomResourceCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<CustomResources.CustomResourceCatalog>());
        services.AddSingleton<Readiness>();
        services.AddSingleton<ComponentStatuses>();
        services.AddSingleton<ApiServerLeases>();
        services.AddSingleton<KubernetesServiceReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<KubernetesServiceReconciler>());
        services.AddSingleton<EventReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<EventReaper>());
        // The on-call receiver: its /alerting/v1 routes go in front of the dispatcher by themselves.
        AlertingServices.Add(services, options.Alerting);
        ResourceMetrics.ResourceMetricsServices.Add(services, options.ResourceMetrics);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));

        var app = builder.Build();
        var dispatcher = app.Services.GetRequiredService<ApiDispatcher>();
        app.Run(dispatcher.HandleAsync);
        return new ApiServerHost(app);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => _app.StartAsync(cancellationToken);

    /// <summary>Completes when <c>/readyz</c> would say ok: the watch cache has loaded and the system namespaces exist.</summary>
    public Task WaitReadyAsync(CancellationToken cancellationToken = default) =>
        _app.Services.GetRequiredService<Readiness>().WaitAsync(cancellationToken);

    public Task RunAsync(CancellationToken cancellationToken = default) => _app.RunAsync(cancellationToken);

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
