using Obs.Client.Rest;
using Obs.Dashboard.Auth;
using Obs.Dashboard.Cluster;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Pages;

/// <summary>
/// A real apiserver (with its on-call receiver) on a real PostgreSQL, the signed-in user's API
/// client over its kubeconfig (the admin token), and a synced ClusterCache as the dashboard keeps.
/// </summary>
public sealed class OpsCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();

    public TestCluster Cluster { get; } = new();

    public ApiClient Api { get; private set; } = null!;

    public ClusterCache Cache { get; private set; } = null!;

    public CurrentUser User => new() { Name = "admin", Api = Api };

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Api = ApiClient.FromKubeconfig(Cluster.Kubeconfig, new ApiClientOptions { Qps = 0, UserAgent = "obs-dashboard-tests" });
        Cache = new ClusterCache(ApiClient.FromKubeconfig(Cluster.Kubeconfig, new ApiClientOptions { Qps = 0 }));
        Cache.Start(_stop.Token);
        await Cache.WaitForSyncAsync();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        Cache.Client.Dispose();
        Api.Dispose();
        await Cluster.DisposeAsync();
        _stop.Dispose();
    }
}
