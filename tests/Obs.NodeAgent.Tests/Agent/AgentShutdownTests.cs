using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Native;
using Obs.NodeAgent.Pods;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>
/// <c>obs agent</c> stopped as <c>obs down</c> stops it (SIGTERM) takes its pods' processes with
/// it: SIGTERM first, SIGKILL once the grace period is over, their cgroups gone. (A killed agent
/// leaves them running: <see cref="AgentRestartTests"/>.)
/// </summary>
public sealed class AgentShutdownTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ASigtermedAgentStopsItsPodsGracefullyThenByForce()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        var node = $"node-{Guid.NewGuid().ToString("N")[..8]}";
        var state = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");
        using var agent = AgentProcess.Start(cluster.Kubeconfig, node, state);
        var pids = new List<int>();
        try
        {
            await AgentProcess.WaitAsync(async () => (await client.TryGetAsync(ResourceTypes.Node, null, node)) is not null, "the node to register");
            // One pod leaves when asked; the other ignores SIGTERM and is killed after its 1 s.
            await CreateAsync(client, node, "polite", 30, "trap 'exit 0' TERM; while :; do sleep 0.2; done");
            await CreateAsync(client, node, "stubborn", 1, "trap '' TERM; while :; do sleep 0.2; done");
            var cgroups = new List<string>();
            foreach (var name in new[] { "polite", "stubborn" })
            {
                JsonObject pod = null!;
                await AgentProcess.WaitAsync(async () => AgentCluster.Phase(pod = await client.GetAsync(ResourceTypes.Pod, "default", name)) == "Running", $"{name} to run");
                var pid = ContainerRecords.Read(Path.Combine(state, "pods", ObjectMeta.Uid(pod)!, "main"))!.Pid;
                pids.Add(pid);
                if (CgroupOf(pid) is { } cgroup) cgroups.Add(cgroup);
            }

            Libc.kill(agent.Id, Libc.SIGTERM);
            await agent.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            foreach (var pid in pids) Assert.False(AgentCluster.Alive(pid), $"pid {pid} outlived its agent");
            foreach (var cgroup in cgroups) Assert.False(Directory.Exists(cgroup), $"{cgroup} outlived its container");
            Assert.Equal(0, Terminated(await client.GetAsync(ResourceTypes.Pod, "default", "polite"))?.LongAt("exitCode"));
            Assert.Equal(137, Terminated(await client.GetAsync(ResourceTypes.Pod, "default", "stubborn"))?.LongAt("exitCode"));
        }
        finally
        {
            if (!agent.HasExited) agent.Kill();
            foreach (var pid in pids) Libc.kill(-pid, Libc.SIGKILL);
            foreach (var name in new[] { "polite", "stubborn" })
            {
                try { await client.DeleteAsync(ResourceTypes.Pod, "default", name, new DeleteOptions { GracePeriodSeconds = 0 }); }
                catch (ApiException) { }
            }
            try { Directory.Delete(state, recursive: true); } catch (IOException) { }
        }
    }

    private static Task<JsonObject> CreateAsync(ApiClient client, string node, string name, int grace, string script) =>
        client.CreateAsync(ResourceTypes.Pod, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["nodeName"] = node,
                ["terminationGracePeriodSeconds"] = grace,
                ["containers"] = new JsonArray(new JsonObject { ["name"] = "main", ["image"] = "busybox", ["command"] = new JsonArray("sh", "-c", script) }),
            },
        });

    private static JsonObject? Terminated(JsonObject pod) => AgentCluster.Status(pod, "main")?.At("state", "terminated") as JsonObject;

    /// <summary>The container's own cgroup v2 directory, when the agent could make one.</summary>
    private static string? CgroupOf(int pid)
    {
        var line = File.ReadAllLines($"/proc/{pid}/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal));
        return line is not null && line.Contains("obs", StringComparison.Ordinal) ? "/sys/fs/cgroup" + line[3..] : null;
    }
}
