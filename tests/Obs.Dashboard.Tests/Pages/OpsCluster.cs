using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Access;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Tests.Hosting;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Pages;

/// <summary>
/// A real apiserver (with its on-call receiver) on a real PostgreSQL, the signed-in user's API
/// client over its kubeconfig (the admin token), a synced ClusterCache as the dashboard keeps, and,
/// for tests that post forms, the real dashboard host to sign in to.
/// </summary>
public sealed class OpsCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _hostStart = new(1, 1);
    private DashboardHost? _host;

    public TestCluster Cluster { get; } = new();

    public ApiClient Api { get; private set; } = null!;

    public ClusterCache Cache { get; private set; } = null!;

    /// <summary>The user's HTTP client for the on-call receiver, as the dashboard's session keeps one.</summary>
    public HttpClient Http { get; private set; } = null!;

    public CurrentUser User => new() { Name = "admin", Api = Api, Http = Http, Access = UserAccess.Everything };

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Api = ApiClient.FromKubeconfig(Cluster.Kubeconfig, new ApiClientOptions { Qps = 0, UserAgent = "obs-dashboard-tests" });
        Http = ClusterHttpClient.Create(Api.Connection, "obs-dashboard-tests");
        Http.BaseAddress = Api.Connection.Server;
        Cache = new ClusterCache(ApiClient.FromKubeconfig(Cluster.Kubeconfig, new ApiClientOptions { Qps = 0 }));
        Cache.Start(_stop.Token);
        await Cache.WaitForSyncAsync();
    }

    /// <summary>
    /// A browser signed in (through the sign-in form, with the admin token) to the real dashboard host
    /// watching this cluster; the host starts with the first browser and serves the class's tests.
    /// </summary>
    public async Task<DashboardBrowser> SignedInBrowserAsync()
    {
        await _hostStart.WaitAsync();
        try
        {
            if (_host is null)
            {
                var host = DashboardHost.Create(new DashboardOptions { Port = 0, Kubeconfig = Cluster.Kubeconfig }, logging => { });
                await host.StartAsync();
                _host = host;
            }
        }
        finally
        {
            _hostStart.Release();
        }
        var browser = new DashboardBrowser(new Uri(_host.Url));
        await browser.SignInAsync(TestPki.Token);
        return browser;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
        _hostStart.Dispose();
        await _stop.CancelAsync();
        Cache.Client.Dispose();
        Api.Dispose();
        Http.Dispose();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
