using System.Diagnostics;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using static Obs.NodeAgent.Tests.Agent.MultiAgentCluster;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>
/// Issue 4: "stopping one agent: its pods come back on another node within tolerationSeconds + 10 s". The agent is
/// stopped as a crash stops it, so only the node lifecycle controller's unreachable taint can move its pod.
/// </summary>
public sealed class NodeFailoverTests : IAsyncLifetime
{
    private const int TolerationSeconds = 3;
    private readonly MultiAgentCluster _cluster = new();

    public Task InitializeAsync() => _cluster.InitializeAsync();
    public Task DisposeAsync() => _cluster.DisposeAsync();

    [Fact]
    public async Task AStoppedAgentsPodComesBackOnAnotherNodeWithinItsTolerationSecondsAndTen()
    {
        var first = await _cluster.StartAgentAsync();
        await _cluster.Client.CreateAsync(ResourceTypes.Deployment, Deployment());
        await WaitAsync(async () => (await _cluster.PodsAsync()).Any(p => IsRunning(p) && NodeOf(p) == first), "the pod running on the first node");
        var before = (await _cluster.PodsAsync()).Single();

        var second = await _cluster.StartAgentAsync();
        await _cluster.CrashAgentAsync(first);

        var tainted = await WaitAsync(async () => await _cluster.Client.GetAsync(ResourceTypes.Node, null, first) is { } n && HasUnreachableTaint(n),
            "the stopped agent's node tainted unreachable");
        await WaitAsync(async () => (await _cluster.PodsAsync()).Any(p => IsRunning(p) && NodeOf(p) == second), "the pod back on the second node");
        var took = Stopwatch.GetElapsedTime(tainted).TotalSeconds;
        Assert.True(took <= TolerationSeconds + 10, $"the pod came back {took:0.0} s after the node was tainted unreachable");
        Assert.DoesNotContain(ObjectMeta.Name(before), (await _cluster.PodsAsync()).Select(p => ObjectMeta.Name(p)));
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
        """.Replace("NAMESPACE", _cluster.Namespace).Replace("SECONDS", TolerationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;

    private static bool HasUnreachableTaint(JsonObject node) =>
        (node.At("spec", "taints") as JsonArray ?? []).OfType<JsonObject>().Any(t => t.StringAt("key") == "node.kubernetes.io/unreachable" && t.StringAt("effect") == "NoExecute");
}
