using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Tests.Agent;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// Pods deleted while their node's agent was down: one deleted gracefully (still in the API, terminating), one
/// deleted forcibly (gone from the API). The restarted agent stops both, processes and sandboxes, instead of leaving
/// them running for good; the graceful one then leaves the API.
/// </summary>
public sealed class OrphanedPodsTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    private const string Pod = """
        {"metadata":{"name":"%NAME%"},"spec":{"terminationGracePeriodSeconds":30,
          "containers":[{"name":"main","command":["sleep","3600"]}]}}
        """;

    [Fact]
    public async Task PodsDeletedWhileTheAgentWasDownAreStoppedByItsNextRun()
    {
        var ns = await agent.NamespaceAsync();
        var processes = new Dictionary<string, List<ProcessTree.Member>>();
        foreach (var name in new[] { "graceful", "forced" })
        {
            await agent.CreatePodAsync(ns, Pod.Replace("%NAME%", name));
            var pod = await agent.WaitForPodAsync(ns, name, p => AgentCluster.Phase(p) == "Running", "Running");
            var directory = Path.Combine(agent.StateDirectory, "pods", ObjectMeta.Uid(pod)!);
            var container = Assert.IsType<ContainerRecords.Run>(ContainerRecords.Read(Path.Combine(directory, "main")));
            // The container, and the sandbox's holder with whatever it started.
            processes[name] = [.. ProcessTree.WithDescendants(container.Pid),
                .. ContainerRecords.LiveSandboxPid(directory) is { } holder ? ProcessTree.WithDescendants(holder) : []];
            Assert.All(processes[name], p => Assert.True(p.Runs, p.CommandLine));
        }

        await agent.RestartAgentAsync(async () =>
        {
            await agent.Client.DeleteAsync(ResourceTypes.Pod, ns, "graceful");
            await agent.Client.DeleteAsync(ResourceTypes.Pod, ns, "forced", new DeleteOptions { GracePeriodSeconds = 0 });
            Assert.NotNull(ObjectMeta.DeletionTimestamp((await agent.Client.GetAsync(ResourceTypes.Pod, ns, "graceful"))));
            Assert.Null(await agent.Client.TryGetAsync(ResourceTypes.Pod, ns, "forced"));
        });

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && processes.Values.SelectMany(p => p).Any(p => p.Runs)) await Task.Delay(100);
        Assert.Empty(processes.SelectMany(p => p.Value.Where(m => m.Runs).Select(m => $"{p.Key}: {m.CommandLine}")));
        await agent.WaitForPodGoneAsync(ns, "graceful");
        // The graceful pod's state goes just after it leaves the API; the forced one's went at the agent's start.
        var pods = Path.Combine(agent.StateDirectory, "pods");
        string[] Left() => Directory.Exists(pods) ? Directory.GetDirectories(pods) : [];
        for (var i = 0; i < 100 && Left().Length > 0; i++) await Task.Delay(100);
        Assert.Empty(Left());
    }
}
