using Obs.Testing;

namespace Obs.Dashboard.Tests.Hosting;

/// <summary>
/// A real apiserver (over its own PostgreSQL database) and the dashboard in this process,
/// watching it with the admin kubeconfig, shared by the host tests of one collection.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new();

    public DashboardHost Host { get; private set; } = null!;

    public string AdminToken => TestPki.Token;

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Host = DashboardHost.Create(new DashboardOptions { Port = 0, Kubeconfig = Cluster.Kubeconfig }, logging => { });
        await Host.StartAsync();
    }

    /// <summary>A browser-like client of the dashboard: its own cookies, redirects not followed so tests see them.</summary>
    public DashboardBrowser NewBrowser() => new(new Uri(Host.Url));

    public async Task DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard host";
}
