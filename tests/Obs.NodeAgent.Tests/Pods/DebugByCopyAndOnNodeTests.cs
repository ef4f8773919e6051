using System.Text.RegularExpressions;
using Obs.Api.Objects;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// The two <c>kubectl debug</c> forms that create an ordinary pod rather than an ephemeral container:
/// <c>--copy-to</c> (a copy of the pod with a debugger beside its containers) and <c>node/NAME</c>
/// (a pod on that node with the host's root at <c>/host</c>), each with a shell on a terminal.
/// </summary>
public sealed partial class DebugByCopyAndOnNodeTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    [Fact]
    public async Task CopyToRunsACopyOfThePodWithAShellBeside()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"original"},"spec":{"containers":[{"name":"app","command":["sleep","3601"]}]}}""");
        await agent.WaitForPodAsync(ns, "original", p => AgentCluster.Phase(p) == "Running", "Running");
        // No scheduler runs beside this agent: the copy stays on the original's node.
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 80, 24, "debug", "-it", "-n", ns, "original", "--copy-to=copy", "--same-node",
            "--image=busybox", "-c", "dbg", "--", "sh");
        await kubectl.WaitForAsync("If you don't see a command prompt");
        await kubectl.TypeAsync("echo copy-$((6*7))\r");
        await kubectl.WaitForAsync("copy-42");
        await kubectl.TypeAsync("exit\r");
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        var copy = await agent.WaitForPodAsync(ns, "copy", p => AgentCluster.Status(p, "app")?.At("state", "running") is not null, "app running");
        Assert.NotNull(AgentCluster.Status(copy, "dbg"));
    }

    [Fact]
    public async Task NodeDebugRunsAShellInAPodOnTheNodeWithTheHostsRootAtHost()
    {
        var ns = await agent.NamespaceAsync();
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 80, 24, "debug", "-it", "-n", ns, $"node/{agent.NodeName}", "--image=busybox", "--", "sh");
        await kubectl.WaitForAsync("If you don't see a command prompt");
        await kubectl.TypeAsync("test -d /host/proc && echo host-root-$((6*7))\r");
        await kubectl.WaitForAsync("host-root-42");
        await kubectl.TypeAsync("exit\r");
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        var name = PodName().Match(kubectl.Shown).Groups[1].Value;
        var pod = await agent.WaitForPodAsync(ns, name, p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
        Assert.Equal(agent.NodeName, pod.StringAt("spec", "nodeName"));
    }

    [Fact]
    public async Task NodeDebugSeesTheHostsProcessesInAMountNamespaceOfItsOwn()
    {
        var ns = await agent.NamespaceAsync();
        // kubectl debug node/ makes a hostPID pod: the agent's own process is among those it lists.
        var debug = await agent.Cluster.KubectlAsync("debug", "-n", ns, $"node/{agent.NodeName}", "--image=busybox", "--",
            "sh", "-c", $"test -r /proc/{Environment.ProcessId}/stat && echo saw-host-process; readlink /proc/self/ns/pid /proc/self/ns/mnt; sleep 3600");
        Assert.True(debug.ExitCode == 0, debug.ToString());
        var name = PodName().Match(debug.StdOut + debug.StdErr).Groups[1].Value;
        var pod = await agent.WaitForPodAsync(ns, name, p => AgentCluster.Phase(p) == "Running", "Running");
        Assert.True(pod.BoolAt("spec", "hostPID"));
        string[] lines = [];
        for (var i = 0; i < 50 && lines.Length < 3; i++)
        {
            if (i > 0) await Task.Delay(100);
            lines = (await agent.Cluster.KubectlOkAsync("logs", "-n", ns, name)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        static string Link(string type) => new FileInfo($"/proc/self/ns/{type}").LinkTarget!;
        Assert.Equal(["saw-host-process", Link("pid")], lines.Take(2));
        Assert.StartsWith("mnt:[", lines[2]);
        Assert.NotEqual(Link("mnt"), lines[2]);
    }

    [GeneratedRegex(@"Creating debugging pod (\S+) with container")]
    private static partial Regex PodName();
}
