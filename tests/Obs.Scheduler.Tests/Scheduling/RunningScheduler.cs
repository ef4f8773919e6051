using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Scheduler.Queue;
using Obs.Scheduler.Scheduling;
using Obs.Testing;

namespace Obs.Scheduler.Tests.Scheduling;

/// <summary>A scheduler running against a test cluster for one test; on dispose it stops and deletes the test's nodes and pods.</summary>
internal sealed class RunningScheduler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;
    private readonly List<string> _namespaces = [];

    public RunningScheduler(TestCluster cluster)
    {
        Client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig), new ApiClientOptions { Qps = 2000, Burst = 4000 });
        Scheduler = new PodScheduler(Client, new SchedulerOptions
        {
            Queue = new SchedulingQueueOptions { InitialBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
        });
        _run = Scheduler.RunAsync(_stop.Token);
    }

    public ApiClient Client { get; }
    public PodScheduler Scheduler { get; }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";

    public async Task<string> NamespaceAsync()
    {
        var name = UniqueName("ns");
        _namespaces.Add(name);
        await Client.CreateAsync(ResourceTypes.Namespace, new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name } });
        return name;
    }

    public Task<JsonObject> CreateNodeAsync(JsonObject node) => Client.CreateAsync(ResourceTypes.Node, node);

    public Task<JsonObject> CreatePodAsync(JsonObject pod) => Client.CreateAsync(ResourceTypes.Pod, pod);

    public async Task<JsonObject> GetPodAsync(string ns, string name) => await Client.GetAsync(ResourceTypes.Pod, ns, name);

    /// <summary>Polls the pod until <paramref name="condition"/> holds; fails with its last state.</summary>
    public async Task<JsonObject> WaitForPodAsync(string ns, string name, Func<JsonObject, bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var pod = await GetPodAsync(ns, name);
            if (condition(pod)) return pod;
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {ns}/{name} to be {what}: {pod.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    public Task<JsonObject> WaitForBoundAsync(string ns, string name, int seconds = 30) =>
        WaitForPodAsync(ns, name, p => p.StringAt("spec", "nodeName") is { Length: > 0 }, "bound", seconds);

    public Task<JsonObject> WaitForUnschedulableAsync(string ns, string name, string message) =>
        WaitForPodAsync(ns, name, p => Condition(p)?.StringAt("message") == message, "unschedulable with " + message);

    public static JsonNode? Condition(JsonObject pod)
    {
        if (pod.At("status", "conditions") is not JsonArray conditions) return null;
        return conditions.FirstOrDefault(c => c.StringAt("type") == "PodScheduled" && c.StringAt("status") == "False" && c.StringAt("reason") == "Unschedulable");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        Scheduler.Dispose();
        // Pods left pending would land on the next test's nodes.
        foreach (var ns in _namespaces)
            await Client.DeleteCollectionAsync(ResourceTypes.Pod, ns, null, new DeleteOptions { GracePeriodSeconds = 0 });
        foreach (var node in (await Client.ListAsync(ResourceTypes.Node, null)).Items)
            await Client.DeleteAsync(ResourceTypes.Node, null, ObjectMeta.Name(node)!);
        Client.Dispose();
        _stop.Dispose();
    }
}
