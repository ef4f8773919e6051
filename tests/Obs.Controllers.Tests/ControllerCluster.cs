using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.Testing;

namespace Obs.Controllers.Tests;

/// <summary>A real apiserver with the controller manager running in this process, elected through its Lease.</summary>
public sealed class ControllerCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task _manager = Task.CompletedTask;

    public TestCluster Cluster { get; } = new();
    public ApiClient Client { get; private set; } = null!;
    public ControllerManager Manager { get; private set; } = null!;

    /// <summary>What the controllers logged lately: for the message of a test that timed out.</summary>
    public RecentLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Client = NewClient();
        Manager = new ControllerManager(NewClient(), new ControllerManagerOptions
        {
            Workers = 2,
            LeaseDuration = TimeSpan.FromSeconds(4),
            RenewDeadline = TimeSpan.FromSeconds(3),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
            // The nodes these tests create have no agent to renew their Leases: left at 40 s, node lifecycle
            // would taint them unreachable midway through a slow test. Its own tests set the period they need.
            NodeLifecycle = new Obs.Controllers.Nodes.NodeLifecycleOptions { GracePeriod = TimeSpan.FromHours(1) },
        }, Log);
        _manager = Task.Run(() => Manager.RunAsync(_stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Manager.IsLeading && DateTime.UtcNow < deadline) await Task.Delay(50);
    }

    public ApiClient NewClient() => new(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 500, Burst = 1000 });

    public async Task<string> NamespaceAsync()
    {
        var name = "ns-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _manager.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
        }
        Client.Dispose();
        await Cluster.DisposeAsync();
    }
}
