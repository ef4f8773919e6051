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
/// Issue 4: "stopping one agent: its pods come back on another node within tolerationSeconds + 10 s". Two real agents,
/// the real controller manager (node lifecycle with a short grace period) and the real scheduler; the agent is stopped
/// as a crash stops it, so only the node lifecycle controller's unreachable taint can move its pod.
/// </summary>
public sealed class NodeFailoverTests : IAsyncLifetime
{
    private const int TolerationSeconds = 3;
    private readonly TestCluster _cluster = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _components = [];
    private readonly string _namespace = $"ns-{Guid.NewGuid().ToString("N")[..8]}";
    private ApiClient _client = null!;
    private readonly List<ApiClient> _componentClients = [];

    public async Task InitializeAsync()
    {
        await _cluster.InitializeAsync();
        _client = NewClient();
        await _client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = _namespace } });
    }

    private ApiClient NewClient() => new(KubeconfigFile.Load(_cluster.Kubeconfig), new ApiClientOptions { Qps = 200, Burst = 400 });

    private NodeAgentOptions AgentOptions(string node, string state) => new()
    {
        Cluster = KubeconfigFile.Load(_cluster.Kubeconfig),
        NodeName = node,
        StateDirectory = state,
        Port = 0,
        Address = "127.0.0.1",
        LeaseRenewInterval = TimeSpan.FromSeconds(1),
        LeaseDurationSeconds = 4,
        StatusCheckInterval = TimeSpan.FromSeconds(1),
    };

    private void StartControlPlane()
    {
        var controllers = NewClient();
        var scheduler = NewClient();
        _componentClients.AddRange([controllers, scheduler]);
        var manager = new ControllerManager(controllers, new ControllerManagerOptions
        {
            LeaderElection = false,
            Workers = 2,
            NodeLifecycle = new NodeLifecycleOptions { MonitorPeriod = TimeSpan.FromSeconds(1), GracePeriod = TimeSpan.FromSeconds(6) },
        });
        _components.Add(Task.Run(() => manager.RunAsync(_stop.Token)));
        _components.Add(Task.Run(() => LeaderElectedScheduler.RunAsync(scheduler, new SchedulerOptions(), cancellationToken: _stop.Token)));
    }

    [Fact]
    public async Task AStoppedAgentsPodComesBackOnAnotherNodeWithinItsTolerationSecondsAndTen()
    {
        var first = $"node-{Guid.NewGuid().ToString("N")[..8]}";
        var second = $"node-{Guid.NewGuid().ToString("N")[..8]}";
        var firstState = Path.Combine(Path.GetTempPath(), $"obs-failover-{Guid.NewGuid():N}");
        var secondState = Path.Combine(Path.GetTempPath(), $"obs-failover-{Guid.NewGuid():N}");
        var agentA = await NodeAgentHost.StartAsync(AgentOptions(first, firstState));
        NodeAgentHost? agentB = null;
        try
        {
            StartControlPlane();
            await _client.CreateAsync(ResourceTypes.Deployment, Deployment());
            var before = await WaitForRunningPodAsync(p => NodeOf(p) == first, "the pod running on the first node");

            agentB = await NodeAgentHost.StartAsync(AgentOptions(second, secondState));
            await WaitAsync(async () => (await _client.GetAsync(ResourceTypes.Node, null, second)) is { } n && Ready(n), "the second node Ready");
            // Stopped as a crash stops it: its pod's process lives on, and nothing tells the API the pod ended.
            await agentA.DisposeAsync();

            var tainted = await WaitAsync(async () => (await _client.GetAsync(ResourceTypes.Node, null, first)) is { } n && HasUnreachableTaint(n),
                "the stopped agent's node tainted unreachable", seconds: 120);
            var after = await WaitForRunningPodAsync(p => NodeOf(p) == second, "the pod back on the second node");
            var took = Stopwatch.GetElapsedTime(tainted).TotalSeconds;
            Assert.True(took <= TolerationSeconds + 10, $"the pod came back {took:0.0} s after the node was tainted unreachable");
            Assert.NotEqual(ObjectMeta.Name(before), ObjectMeta.Name(after));
        }
        finally
        {
            // A new agent over the stopped one's state adopts what it left and, its pod deleted meanwhile, ends it.
            var restarted = await NodeAgentHost.StartAsync(AgentOptions(first, firstState));
            await _client.DeleteAsync(ResourceTypes.Deployment, _namespace, "failover");
            foreach (var pod in (await _client.ListAsync(ResourceTypes.Pod, _namespace)).Items)
            {
                try { await _client.DeleteAsync(ResourceTypes.Pod, _namespace, ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 0 }); }
                catch (ApiException) { }
            }
            await restarted.ShutdownAsync();
            if (agentB is not null) await agentB.ShutdownAsync();
            foreach (var state in new[] { firstState, secondState })
            {
                try { Directory.Delete(state, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    private JsonObject Deployment() => (JsonObject)JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"failover","namespace":"NAMESPACE"},
         "spec":{"replicas":1,"selector":{"matchLabels":{"app":"failover"}},
           "template":{"metadata":{"labels":{"app":"failover"}},
             "spec":{"terminationGracePeriodSeconds":1,
               "tolerations":[
                 {"key":"node.kubernetes.io/unreachable","operator":"Exists","effect":"NoExecute","tolerationSeconds":SECONDS},
                 {"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":SECONDS}],
               "containers":[{"name":"main","image":"busybox","command":["sleep","3600"]}]}}}}
        """.Replace("NAMESPACE", _namespace).Replace("SECONDS", TolerationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;

    private async Task<JsonObject> WaitForRunningPodAsync(Func<JsonObject, bool> where, string what)
    {
        JsonObject? found = null;
        await WaitAsync(async () =>
        {
            found = (await _client.ListAsync(ResourceTypes.Pod, _namespace)).Items
                .FirstOrDefault(p => ObjectMeta.DeletionTimestamp(p) is null && p.StringAt("status", "phase") == "Running" && where(p));
            return found is not null;
        }, what, seconds: 120);
        return found!;
    }

    private static string? NodeOf(JsonObject pod) => pod.StringAt("spec", "nodeName");

    private static bool Ready(JsonObject node) =>
        (node.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>().Any(c => c.StringAt("type") == "Ready" && c.StringAt("status") == "True");

    private static bool HasUnreachableTaint(JsonObject node) =>
        (node.At("spec", "taints") as JsonArray ?? []).OfType<JsonObject>().Any(t => t.StringAt("key") == "node.kubernetes.io/unreachable" && t.StringAt("effect") == "NoExecute");

    /// <summary>Waits until <paramref name="condition"/> holds; returns the timestamp it was seen at.</summary>
    private static async Task<long> WaitAsync(Func<Task<bool>> condition, string what, int seconds = 60)
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
        await _stop.CancelAsync();
        foreach (var component in _components)
        {
            try { await component.WaitAsync(TimeSpan.FromSeconds(20)); }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        }
        foreach (var client in _componentClients) client.Dispose();
        _client.Dispose();
        await _cluster.DisposeAsync();
    }
}
