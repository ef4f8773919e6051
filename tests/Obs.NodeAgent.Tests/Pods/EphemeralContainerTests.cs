using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Pods;

/// <summary>
/// <c>kubectl debug</c> with the real kubectl against a real agent: the ephemeral container runs in the pod's
/// sandbox (it sees the pod's processes and only them), is reported in <c>ephemeralContainerStatuses</c>, never
/// ready and never restarted, and its logs, exec and attach work as for any container.
/// </summary>
public sealed class EphemeralContainerTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    /// <summary>Prints what the container sees: whether the target's process and another pod's are there.</summary>
    private const string LookAround =
        "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' ' > /tmp/seen.$$; " +
        "grep -q 'sleep 360[1]' /tmp/seen.$$ && echo saw-target-$((6*7)); grep -q 'sleep 360[2]' /tmp/seen.$$ || echo no-other-pod-$((6*7)); rm -f /tmp/seen.$$";

    private static JsonObject? Ephemeral(JsonObject pod, string name) => AgentCluster.Status(pod, name, "ephemeralContainerStatuses");

    /// <summary>A pod to debug (sleep 3601) and, beside it, another pod (sleep 3602) its debugger must not see.</summary>
    private async Task<string> TargetAsync()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"target"},"spec":{"containers":[{"name":"app","command":["sleep","3601"]}]}}""");
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"other"},"spec":{"containers":[{"name":"app","command":["sleep","3602"]}]}}""");
        // Ready, not only Running: a container with no readiness probe counts as ready a moment after its start.
        await agent.WaitForPodAsync(ns, "target", p => AgentCluster.Status(p, "app")?.BoolAt("ready") == true, "ready");
        await agent.WaitForPodAsync(ns, "other", p => AgentCluster.Phase(p) == "Running", "Running");
        return ns;
    }

    [Fact]
    public async Task DebugWithoutATerminalRunsTheContainerInThePodAndReportsIt()
    {
        var ns = await TargetAsync();
        var debug = await agent.Cluster.KubectlAsync("debug", "-n", ns, "target", "-c", "dbg", "--image=busybox", "--", "sh", "-c", LookAround + "; exec sleep 3600");
        Assert.True(debug.ExitCode == 0, debug.ToString());

        var pod = await agent.WaitForPodAsync(ns, "target", p => Ephemeral(p, "dbg")?.At("state", "running") is not null, "dbg running");
        var status = Ephemeral(pod, "dbg")!;
        Assert.False(status.BoolAt("ready"));
        Assert.Equal(0, status.LongAt("restartCount"));
        Assert.Equal("busybox", status.StringAt("image"));
        // The debugger serves nothing, so the pod's readiness is its app's alone.
        Assert.Equal("True", (pod.At("status", "conditions") as JsonArray)!.OfType<JsonObject>().Single(c => c.StringAt("type") == "Ready").StringAt("status"));

        // The container counts as running from its start, a moment before its look around has written both lines.
        var logs = await agent.Cluster.KubectlOkAsync("logs", "-n", ns, "target", "-c", "dbg");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); logs.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < 2 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(100);
            logs = await agent.Cluster.KubectlOkAsync("logs", "-n", ns, "target", "-c", "dbg");
        }
        Assert.Equal("saw-target-42\nno-other-pod-42\n", logs);
        Assert.Equal("exec-42\n", await agent.Cluster.KubectlOkAsync("exec", "-n", ns, "target", "-c", "dbg", "--", "sh", "-c", "echo exec-$((6*7))"));
    }

    [Fact]
    public async Task AnEphemeralContainerThatEndsIsNotRestarted()
    {
        var ns = await TargetAsync();
        var debug = await agent.Cluster.KubectlAsync("debug", "-n", ns, "target", "-c", "once", "--image=busybox", "--", "sh", "-c", "exit 3");
        Assert.True(debug.ExitCode == 0, debug.ToString());
        await agent.WaitForPodAsync(ns, "target", p => Ephemeral(p, "once")?.At("state", "terminated") is not null, "once terminated");
        // Another debugger makes the worker sync the pod again, which would restart the first under restartPolicy Always.
        await agent.Cluster.KubectlOkAsync("debug", "-n", ns, "target", "-c", "later", "--image=busybox", "--", "sleep", "3600");
        var pod = await agent.WaitForPodAsync(ns, "target", p => Ephemeral(p, "later")?.At("state", "running") is not null, "later running");
        var once = Ephemeral(pod, "once")!;
        Assert.Equal(3, once.LongAt("state", "terminated", "exitCode"));
        Assert.Equal(0, once.LongAt("restartCount"));
        Assert.Equal("Running", AgentCluster.Phase(pod));
    }

    [Fact]
    public async Task DebugOnATerminalAttachesToAShellThatSeesTheTarget()
    {
        var ns = await TargetAsync();
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 100, 30, "debug", "-it", "-n", ns, "target", "--image=busybox", "--target=app", "-c", "shell", "--", "sh");
        await kubectl.WaitForAsync("If you don't see a command prompt");
        await kubectl.TypeAsync(LookAround + "\r");
        await kubectl.WaitForAsync("no-other-pod-42");
        Assert.Contains("saw-target-42", kubectl.Shown);
        await kubectl.TypeAsync("exit 0\r");
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        var pod = await agent.WaitForPodAsync(ns, "target", p => Ephemeral(p, "shell")?.At("state", "terminated") is not null, "shell terminated");
        Assert.Equal(0, Ephemeral(pod, "shell")!.LongAt("restartCount"));
        Assert.Equal("app", (pod.At("spec", "ephemeralContainers") as JsonArray)![0]!.StringAt("targetContainerName"));
    }
}
