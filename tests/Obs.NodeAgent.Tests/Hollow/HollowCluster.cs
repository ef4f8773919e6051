using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Hollow;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Hollow;

/// <summary>A real apiserver on a private PostgreSQL with 50 hollow nodes joined to it from this process.</summary>
public sealed class HollowCluster : IAsyncLifetime
{
    public const int Count = 50;

    public TestCluster Cluster { get; } = new();

    public HollowNodeSet Nodes { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public string Prefix { get; } = $"hollow-{Guid.NewGuid().ToString("N")[..6]}-";

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        var connection = KubeconfigFile.Load(Cluster.Kubeconfig);
        Client = new ApiClient(connection, new ApiClientOptions { Qps = 200, Burst = 400 });
        Nodes = await HollowNodeSet.StartAsync(new HollowOptions
        {
            Cluster = connection,
            Count = Count,
            NamePrefix = Prefix,
            LeaseRenewInterval = TimeSpan.FromSeconds(1),
            StatusReportInterval = TimeSpan.FromSeconds(5),
        });
    }

    public async Task DisposeAsync()
    {
        await Nodes.DisposeAsync();
        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
