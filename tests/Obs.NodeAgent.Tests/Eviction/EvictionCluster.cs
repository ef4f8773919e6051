using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.NodeAgent.Agent;
using Obs.NodeAgent.Eviction;
using Obs.NodeAgent.Node;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Eviction;

/// <summary>
/// A real apiserver and a real node agent whose memory threshold lies above all the memory this
/// machine has, so the real memory.available is always below it: the node is under memory
/// pressure for real. The pods are in the API before the agent starts, so it meets them all at once.
/// The controller manager runs only once a test starts it: the pressure taints are its to write, from the agent's conditions.
/// </summary>
public sealed class EvictionCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task _controllers = Task.CompletedTask;
    private ApiClient? _controllerClient;

    public TestCluster Cluster { get; } = new();

    public NodeAgentHost Agent { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public string NodeName { get; } = $"node-{Guid.NewGuid().ToString("N")[..8]}";

    public string Namespace { get; } = $"ns-{Guid.NewGuid().ToString("N")[..8]}";

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"obs-evict-{Guid.NewGuid():N}");

    /// <summary>One GiB more than the machine's memory, in KiB: no amount of free memory satisfies it.</summary>
    public string Threshold { get; } = $"{(MachineInfo.MeminfoBytes(File.ReadAllText("/proc/meminfo"), "MemTotal")!.Value + (1L << 30)) / 1024}Ki";

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Client = new ApiClient(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        await PodAsync("burstable", """{"requests":{"memory":"1Gi"}}""", "");
        await PodAsync("critical", "{}", "\"priorityClassName\":\"system-node-critical\",");
        await PodAsync("besteffort", "{}", "");
        var manifests = Path.Combine(StateDirectory, "manifests");
        Directory.CreateDirectory(manifests);
        File.WriteAllText(Path.Combine(manifests, "static.yaml"), $"""
            metadata: {"{"}name: static, namespace: {Namespace}{"}"}
            spec:
              containers: [{"{"}name: main, image: busybox, command: [sleep, "3600"]{"}"}]
            """);
        Agent = await NodeAgentHost.StartAsync(new NodeAgentOptions
        {
            Cluster = KubeconfigFile.Load(Cluster.Kubeconfig),
            NodeName = NodeName,
            StateDirectory = StateDirectory,
            Port = 0,
            Address = "127.0.0.1",
            StatusCheckInterval = TimeSpan.FromSeconds(1),
            StaticPodCheckInterval = TimeSpan.FromSeconds(1),
            Eviction = new EvictionOptions
            {
                // The filesystem never has all of itself free: disk pressure for real too, though memory is acted on first.
                Thresholds = EvictionThresholds.Parse($"memory.available<{Threshold},nodefs.available<100%"),
                MonitoringInterval = TimeSpan.FromSeconds(3),
            },
        });
    }

    /// <summary>Starts the controller manager, once: until then nothing but the agent writes to the node.</summary>
    public void StartControllerManager()
    {
        if (_controllerClient is not null) return;
        _controllerClient = new ApiClient(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });
        var manager = new ControllerManager(_controllerClient, new ControllerManagerOptions { LeaderElection = false, Workers = 1 });
        _controllers = Task.Run(() => manager.RunAsync(_stop.Token));
    }

    private Task PodAsync(string name, string resources, string extraSpec) => Client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$$"""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","namespace":"{{{Namespace}}}"},
         "spec":{{{{extraSpec}}}"nodeName":"{{{NodeName}}}","terminationGracePeriodSeconds":1,
           "containers":[{"name":"main","image":"busybox","command":["sleep","3600"],"resources":{{{resources}}}}]}}
        """)!);

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(StateDirectory, "manifests"))) File.Delete(file);
            foreach (var pod in (await Client.ListAsync(ResourceTypes.Pod, Namespace)).Items)
            {
                try { await Client.DeleteAsync(ResourceTypes.Pod, Namespace, ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 1 }); }
                catch (ApiException) { }
            }
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && (await Client.ListAsync(ResourceTypes.Pod, Namespace)).Items.Count > 0) await Task.Delay(200);
        }
        finally
        {
            await _stop.CancelAsync();
            try { await _controllers.WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
            _controllerClient?.Dispose();
            // Shut down, not disposed: disposing leaves the pods' processes running for a restarted agent to adopt,
            // and nothing would end what a failed test left (sandboxes outlive the test process).
            await Agent.ShutdownAsync();
            Client.Dispose();
            try { Directory.Delete(StateDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            await Cluster.DisposeAsync();
        }
    }
}
