using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.NodeAgent.Agent;
using Obs.Scheduler.Scheduling;
using Obs.Testing;

namespace Obs.Controllers.Tests.Storage;

/// <summary>
/// A cluster of its own for volumes (and cordoning its node), with everything a pod with a claim goes through: a real
/// apiserver, the controller manager, the scheduler and one real node agent running real processes.
/// </summary>
public sealed class LocalPathCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task _manager = Task.CompletedTask;
    private Task _scheduler = Task.CompletedTask;
    private PodScheduler? _podScheduler;

    public TestCluster Cluster { get; } = new();
    public ApiClient Client { get; private set; } = null!;
    public NodeAgentHost Agent { get; private set; } = null!;
    public string NodeName { get; } = $"node-{Guid.NewGuid().ToString("N")[..8]}";
    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Client = NewClient();
        var manager = new ControllerManager(NewClient(), new ControllerManagerOptions { Workers = 2, LeaderElection = false });
        _manager = Task.Run(() => manager.RunAsync(_stop.Token));
        _podScheduler = new PodScheduler(NewClient());
        _scheduler = Task.Run(() => _podScheduler.RunAsync(_stop.Token));
        Agent = await NodeAgentHost.StartAsync(new NodeAgentOptions
        {
            Cluster = KubeconfigFile.Load(Cluster.Kubeconfig),
            NodeName = NodeName,
            StateDirectory = StateDirectory,
            Port = 0,
            Address = "127.0.0.1",
            ServiceProxy = false,
        });
    }

    private ApiClient NewClient() => new(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });

    public async Task DisposeAsync()
    {
        // Shut down, not disposed: disposing leaves the pods' processes running for a restarted agent to adopt,
        // and nothing would end what a failed test left (sandboxes outlive the test process).
        await Agent.ShutdownAsync();
        await _stop.CancelAsync();
        try { await Task.WhenAll(_manager, _scheduler).WaitAsync(TimeSpan.FromSeconds(20)); }
        catch (OperationCanceledException) { }
        catch (TimeoutException) { }
        _podScheduler?.Dispose();
        Client.Dispose();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        await Cluster.DisposeAsync();
    }
}
