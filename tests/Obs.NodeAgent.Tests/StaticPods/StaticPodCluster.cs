using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Agent;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.StaticPods;

/// <summary>A real apiserver and one real node agent whose manifest directory is read every half second.</summary>
public sealed class StaticPodCluster : IAsyncLifetime
{
    public TestCluster Cluster { get; } = new();

    public NodeAgentHost Agent { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public string NodeName { get; } = $"node-{Guid.NewGuid().ToString("N")[..8]}";

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"obs-static-{Guid.NewGuid():N}");

    public string Manifests => Path.Combine(StateDirectory, "manifests");

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Directory.CreateDirectory(Manifests);
        Client = new ApiClient(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });
        Agent = await NodeAgentHost.StartAsync(Options);
    }

    private NodeAgentOptions Options => new()
    {
        Cluster = KubeconfigFile.Load(Cluster.Kubeconfig),
        NodeName = NodeName,
        StateDirectory = StateDirectory,
        Port = 0,
        Address = "127.0.0.1",
        StaticPodCheckInterval = TimeSpan.FromMilliseconds(500),
    };

    /// <summary>Stops the agent (its pods' processes live on) and starts a new one over the same state.</summary>
    public async Task RestartAgentAsync()
    {
        await Agent.DisposeAsync();
        Agent = await NodeAgentHost.StartAsync(Options);
    }

    public async Task DisposeAsync()
    {
        // Every static pod stops with its manifest; the agent then goes.
        foreach (var file in Directory.EnumerateFiles(Manifests)) File.Delete(file);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && Directory.Exists(Path.Combine(StateDirectory, "pods")) && Directory.EnumerateDirectories(Path.Combine(StateDirectory, "pods")).Any())
            await Task.Delay(200);
        // Shut down, not disposed: disposing leaves the pods' processes running for a restarted agent to adopt,
        // and nothing would end what a failed test left (sandboxes outlive the test process).
        await Agent.ShutdownAsync();
        Client.Dispose();
        try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        await Cluster.DisposeAsync();
    }
}
