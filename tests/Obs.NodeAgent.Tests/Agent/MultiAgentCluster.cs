using System.Diagnostics;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.Controllers.Nodes;
using Obs.NodeAgent.Agent;
using Obs.Scheduler.Hosting;
using Obs.Scheduler.Scheduling;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>
/// A real apiserver with several real node agents (in this process, each with its own state), the real controller manager
/// (node lifecycle with a short grace period) and the real scheduler: what issue 4's end-to-end checks run on.
/// </summary>
public sealed class MultiAgentCluster : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _components = [];
    private readonly List<ApiClient> _componentClients = [];
    private readonly Dictionary<string, NodeAgentHost> _agents = [];
    private readonly Dictionary<string, string> _states = [];

    public TestCluster Cluster { get; } = new();

    public ApiClient Client { get; private set; } = null!;

    public string Namespace { get; } = $"ns-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>How long a node may go without renewing its Lease before it is unreachable (kube-controller-manager's 40 s is too long for a test).</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(6);

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        Client = NewClient();
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Namespace } });
        var controllers = NewClient();
        var scheduler = NewClient();
        _componentClients.AddRange([controllers, scheduler]);
        var manager = new ControllerManager(controllers, new ControllerManagerOptions
        {
            LeaderElection = false,
            Workers = 2,
            NodeLifecycle = new NodeLifecycleOptions { MonitorPeriod = TimeSpan.FromSeconds(1), GracePeriod = GracePeriod },
        });
        _components.Add(Task.Run(() => manager.RunAsync(_stop.Token)));
        _components.Add(Task.Run(() => LeaderElectedScheduler.RunAsync(scheduler, new SchedulerOptions(), cancellationToken: _stop.Token)));
    }

    private ApiClient NewClient() => new(KubeconfigFile.Load(Cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });

    private NodeAgentOptions AgentOptions(string node) => new()
    {
        Cluster = KubeconfigFile.Load(Cluster.Kubeconfig),
        NodeName = node,
        StateDirectory = _states[node],
        Port = 0,
        Address = "127.0.0.1",
        LeaseRenewInterval = TimeSpan.FromSeconds(1),
        LeaseDurationSeconds = 4,
        StatusCheckInterval = TimeSpan.FromSeconds(1),
        // Several agents in one process on one machine would contend for the same cluster IPs and DNS address.
        ServiceProxy = false,
        ClusterDns = null,
    };

    /// <summary>Starts an agent for a new node (or again over the state of one stopped before) and waits for its node to be Ready.</summary>
    public async Task<string> StartAgentAsync(string? node = null)
    {
        node ??= $"node-{Guid.NewGuid().ToString("N")[..8]}";
        if (!_states.ContainsKey(node)) _states[node] = Path.Combine(Path.GetTempPath(), $"obs-multi-{Guid.NewGuid():N}");
        _agents[node] = await NodeAgentHost.StartAsync(AgentOptions(node));
        await WaitAsync(async () => await Client.GetAsync(ResourceTypes.Node, null, node) is { } n && Ready(n), $"node {node} Ready");
        return node;
    }

    /// <summary>Stops an agent as a crash stops it: its pods' processes live on and nothing tells the API they ended.</summary>
    public async Task CrashAgentAsync(string node)
    {
        await _agents[node].DisposeAsync();
        _agents.Remove(node);
    }

    public async Task<IReadOnlyList<JsonObject>> PodsAsync() =>
        (await Client.ListAsync(ResourceTypes.Pod, Namespace)).Items.Where(p => ObjectMeta.DeletionTimestamp(p) is null).ToList();

    public static string? NodeOf(JsonObject pod) => pod.StringAt("spec", "nodeName");

    public static bool IsRunning(JsonObject pod) => pod.StringAt("status", "phase") == "Running";

    public static bool Ready(JsonObject node) =>
        (node.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>().Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True");

    /// <summary>Waits until <paramref name="condition"/> holds; returns the timestamp it was seen at.</summary>
    public static async Task<long> WaitAsync(Func<Task<bool>> condition, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return Stopwatch.GetTimestamp();
            await Task.Delay(200);
        }
        Assert.Fail($"timed out waiting for {what}");
        return 0;
    }

    public async Task DisposeAsync()
    {
        try
        {
            // Crashed agents come back over their state to end what they left; then every pod goes and every agent stops its own.
            foreach (var node in _states.Keys.Where(n => !_agents.ContainsKey(n)).ToList()) _agents[node] = await NodeAgentHost.StartAsync(AgentOptions(node));
            await _stop.CancelAsync();
            foreach (var component in _components)
            {
                try { await component.WaitAsync(TimeSpan.FromSeconds(20)); }
                catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
            }
            foreach (var pod in (await Client.ListAsync(ResourceTypes.Pod, Namespace)).Items)
            {
                try { await Client.DeleteAsync(ResourceTypes.Pod, Namespace, ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 0 }); }
                catch (ApiException) { }
            }
            foreach (var agent in _agents.Values) await agent.ShutdownAsync();
        }
        finally
        {
            foreach (var client in _componentClients) client.Dispose();
            Client.Dispose();
            foreach (var state in _states.Values)
            {
                try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            await Cluster.DisposeAsync();
        }
    }
}
