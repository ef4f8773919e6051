using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.NodeAgent.Agent;
using Obs.NodeAgent.Pods;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Agent;

/// <summary>The agent as its own process (<c>obs agent</c>): killed with SIGKILL and started again, it adopts its pods; a stopped agent's Lease goes stale.</summary>
public sealed class AgentRestartTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task KilledAgentLeavesThePodRunningAndTheRestartedOneAdoptsIt()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        var node = $"node-{Guid.NewGuid().ToString("N")[..8]}";
        var state = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");
        var first = StartAgent(node, state);
        int pid = 0;
        try
        {
            await WaitAsync(async () => (await client.TryGetAsync(ResourceTypes.Node, null, node)) is not null, "the node to register");
            await client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"survivor","namespace":"default"},
                 "spec":{"nodeName":"{{node}}","terminationGracePeriodSeconds":5,"containers":[{"name":"main","image":"busybox","command":["sh","-c","echo before; sleep 3600"]}]} }
                """)!);
            JsonObject pod = null!;
            await WaitAsync(async () => AgentCluster.Phase(pod = await client.GetAsync(ResourceTypes.Pod, "default", "survivor")) == "Running", "the pod to run");
            var uid = ObjectMeta.Uid(pod)!;
            var containerId = AgentCluster.Status(pod, "main")!.StringAt("containerID");
            var record = ContainerRecords.Read(Path.Combine(state, "pods", uid, "main"))!;
            pid = record.Pid;

            var firstPort = (await client.GetAsync(ResourceTypes.Node, null, node)).LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port");
            first.Kill();
            await first.WaitForExitAsync();
            await Task.Delay(500);
            Assert.True(AgentCluster.Alive(pid), "the container died with the agent");

            using var second = StartAgent(node, state);
            try
            {
                // The new agent has registered once the Node names its API port (port 0: a new one); until then the apiserver
                // still points at the killed agent's. It then adopts the pod: the process and its identity are the same.
                await WaitAsync(async () => (await client.GetAsync(ResourceTypes.Node, null, node)).LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port") != firstPort,
                    "the restarted agent to register its port");
                var exec = await cluster.KubectlAsync("exec", "survivor", "--", "sh", "-c", "echo inside; exit 4");
                for (var i = 0; i < 50 && exec.ExitCode != 4; i++)
                {
                    // The exec can come before the new agent's first pass over the pod has adopted its container.
                    await Task.Delay(200);
                    exec = await cluster.KubectlAsync("exec", "survivor", "--", "sh", "-c", "echo inside; exit 4");
                }
                Assert.True(exec.ExitCode == 4, $"exec in the adopted pod: exit {exec.ExitCode}, {exec.StdErr}");
                Assert.Equal("inside\n", exec.StdOut);
                pod = await client.GetAsync(ResourceTypes.Pod, "default", "survivor");
                Assert.Equal("Running", AgentCluster.Phase(pod));
                Assert.Equal(0, AgentCluster.Status(pod, "main")!.LongAt("restartCount"));
                Assert.Equal(containerId, AgentCluster.Status(pod, "main")!.StringAt("containerID"));
                Assert.Equal(pid, ContainerRecords.Read(Path.Combine(state, "pods", uid, "main"))!.Pid);
                Assert.True(AgentCluster.Alive(pid));

                var logs = await cluster.KubectlOkAsync("logs", "survivor");
                Assert.Equal("before\n", logs);

                await cluster.KubectlOkAsync("delete", "pod", "survivor", "--wait=true");
                Assert.False(AgentCluster.Alive(pid), "the adopted container outlived its pod");
            }
            finally
            {
                second.Kill();
                await second.WaitForExitAsync();
            }
        }
        finally
        {
            RemoveLeftovers(first, state, pid > 0 ? pid : null, null);
        }
    }

    [Fact]
    public async Task KilledAgentLeavesAContainerOnATerminalRunningAndTheRestartedOneReadsItsTerminalAgain()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        var node = $"node-{Guid.NewGuid().ToString("N")[..8]}";
        var state = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");
        var first = StartAgent(node, state);
        ContainerRecords.Run? record = null;
        try
        {
            await WaitAsync(async () => (await client.TryGetAsync(ResourceTypes.Node, null, node)) is not null, "the node to register");
            await client.CreateAsync(ResourceTypes.Pod, (JsonObject)JsonNode.Parse($$"""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"on-terminal","namespace":"default"},
                 "spec":{"nodeName":"{{node}}","terminationGracePeriodSeconds":1,"containers":[{"name":"main","image":"busybox","tty":true,"stdin":true,
                   "command":["sh","-c","i=0; while :; do i=$((i+1)); echo tick $i; sleep 0.2; done"]}]} }
                """)!);
            JsonObject pod = null!;
            await WaitAsync(async () => AgentCluster.Phase(pod = await client.GetAsync(ResourceTypes.Pod, "default", "on-terminal")) == "Running", "the pod to run");
            record = ContainerRecords.Read(Path.Combine(state, "pods", ObjectMeta.Uid(pod)!, "main"))!;
            Assert.NotNull(record.TerminalHolder);
            var firstPort = (await client.GetAsync(ResourceTypes.Node, null, node)).LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port");
            await WaitAsync(async () => LastTick((await cluster.KubectlAsync("logs", "on-terminal")).StdOut) > 0, "the first ticks in the log");
            var before = LastTick(await cluster.KubectlOkAsync("logs", "on-terminal"));

            first.Kill();
            await first.WaitForExitAsync();
            await Task.Delay(1000);
            // The agent's end closed its copy of the terminal's master; without another, the kernel hangs the terminal up (SIGHUP).
            Assert.True(AgentCluster.Alive(record.Pid), "the container on a terminal died with the agent");

            using var second = StartAgent(node, state);
            try
            {
                await WaitAsync(async () => (await client.GetAsync(ResourceTypes.Node, null, node)).LongAt("status", "daemonEndpoints", "kubeletEndpoint", "Port") != firstPort,
                    "the restarted agent to register its port");
                // The restarted agent reads the terminal again: the container's log goes on past what it had written before.
                await WaitAsync(async () => LastTick((await cluster.KubectlAsync("logs", "on-terminal")).StdOut) > before + 20, "the log to go on after the restart");

                await cluster.KubectlOkAsync("delete", "pod", "on-terminal", "--wait=true");
                Assert.False(AgentCluster.Alive(record.Pid), "the adopted container outlived its pod");
                var holder = record.TerminalHolder!.Value;
                await WaitAsync(() => Task.FromResult(!ContainerRecords.SameProcessRuns(holder.Pid, holder.ProcStart)),
                    "the terminal's holder to end with its container", seconds: 10);
            }
            finally
            {
                second.Kill();
                await second.WaitForExitAsync();
            }
        }
        finally
        {
            RemoveLeftovers(first, state, record?.Pid, record?.TerminalHolder);
        }
    }

    /// <summary>
    /// A failed run leaves nothing behind: the first agent, the container's session, its terminal's holder,
    /// every pod sandbox of the agent's state, and the state.
    /// </summary>
    private static void RemoveLeftovers(Process first, string state, int? container, (int Pid, long ProcStart)? holder)
    {
        if (!first.HasExited) first.Kill();
        first.Dispose();
        if (container is { } pid) Obs.NodeAgent.Native.Libc.kill(-pid, Obs.NodeAgent.Native.Libc.SIGKILL);
        if (holder is { } h) Obs.NodeAgent.Native.TerminalHolder.Stop(h.Pid, h.ProcStart);
        foreach (var sandbox in Directory.Exists(Path.Combine(state, "pods")) ? Directory.GetDirectories(Path.Combine(state, "pods")) : [])
        {
            if (ContainerRecords.LiveSandboxPid(sandbox) is { } init) Obs.NodeAgent.Native.Libc.kill(init, Obs.NodeAgent.Native.Libc.SIGKILL);
        }
        try { Directory.Delete(state, recursive: true); } catch (IOException) { }
    }

    /// <summary>The highest "tick N" in a log, 0 when there is none.</summary>
    private static int LastTick(string log) =>
        log.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("tick ", StringComparison.Ordinal))
            .Select(l => int.TryParse(l[5..], out var n) ? n : 0).DefaultIfEmpty(0).Max();

    [Fact]
    public async Task StoppedAgentsLeaseGoesStale()
    {
        using var client = new ApiClient(KubeconfigFile.Load(cluster.Kubeconfig));
        var node = $"node-{Guid.NewGuid().ToString("N")[..8]}";
        var state = Path.Combine(Path.GetTempPath(), $"obs-agent-{Guid.NewGuid():N}");
        var agent = await NodeAgentHost.StartAsync(new NodeAgentOptions
        {
            Cluster = KubeconfigFile.Load(cluster.Kubeconfig),
            NodeName = node,
            StateDirectory = state,
            Port = 0,
            Address = "127.0.0.1",
            LeaseRenewInterval = TimeSpan.FromMilliseconds(500),
            LeaseDurationSeconds = 2,
        });
        try
        {
            await WaitAsync(async () => await client.TryGetAsync(ResourceTypes.Lease, "kube-node-lease", node) is { } lease && Fresh(lease), "a running agent's lease to be fresh");
            // Renewed, not only created: fresh again well after the first renewal would have run out.
            await Task.Delay(2500);
            Assert.True(Fresh(await client.GetAsync(ResourceTypes.Lease, "kube-node-lease", node)), "a running agent's lease went stale");
        }
        finally
        {
            await agent.DisposeAsync();
        }
        await WaitAsync(async () => !Fresh(await client.GetAsync(ResourceTypes.Lease, "kube-node-lease", node)), "a stopped agent's lease to go stale", seconds: 30);
        try { Directory.Delete(state, recursive: true); } catch (IOException) { }
    }

    /// <summary>What node lifecycle checks: renewTime + leaseDurationSeconds is still ahead.</summary>
    private static bool Fresh(JsonObject lease) =>
        DateTimeOffset.Parse(lease.StringAt("spec", "renewTime")!, CultureInfo.InvariantCulture) + TimeSpan.FromSeconds(lease.LongAt("spec", "leaseDurationSeconds")!.Value) > DateTimeOffset.UtcNow;

    private Process StartAgent(string node, string state) => AgentProcess.Start(cluster.Kubeconfig, node, state);

    private static Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 60) => AgentProcess.WaitAsync(condition, what, seconds);
}
