using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.NodeAgent.Tests.Agent;

namespace Obs.NodeAgent.Tests.Api;

/// <summary>
/// The real kubectl's terminal habits against a real agent: <c>exec -it</c>, <c>attach</c> and <c>run -i --rm</c>,
/// through the apiserver. kubectl runs on a pseudo-terminal of its own where it must see one (<see cref="KubectlOnTerminal"/>).
/// </summary>
public sealed class TerminalAndAttachTests(AgentCluster agent) : IClassFixture<AgentCluster>
{
    /// <summary>kubectl run binds its pod here, as no scheduler runs beside this agent.</summary>
    private string OnThisNode => $$$"""{"spec":{"nodeName":"{{{agent.NodeName}}}"}}""";

    [Fact]
    public async Task ExecWithATerminalRunsOnAPseudoTerminalThatFollowsTheClientsSize()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"shell"},"spec":{"containers":[{"name":"main","command":["sleep","3600"]}]}}""");
        await agent.WaitForPodAsync(ns, "shell", p => AgentCluster.Phase(p) == "Running", "Running");
        // The script waits for each size to arrive rather than race the resize messages.
        const string script = """
            tty; echo on-stderr >&2; [ -t 0 ] && echo stdin-is-a-terminal; echo "term-$TERM"
            until [ "$(stty size)" = "40 100" ]; do sleep 0.1; done; echo size-40x100
            until [ "$(stty size)" = "50 120" ]; do sleep 0.1; done; echo size-50x120
            """;
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 100, 40, "exec", "-it", "-n", ns, "shell", "--", "sh", "-c", script);
        await kubectl.WaitForAsync("size-40x100");
        kubectl.Resize(120, 50);
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        var shown = kubectl.Shown;
        Assert.Matches(@"/dev/pts/\d+\r\n", shown);
        Assert.Contains("on-stderr", shown);
        Assert.Contains("stdin-is-a-terminal", shown);
        Assert.Contains("term-xterm", shown); // as containerd sets it for an exec on a terminal
        Assert.Contains("size-50x120", shown);
    }

    [Fact]
    public async Task ExecWithATerminalReportsTheExitCodeAndTypedInputReachesTheShell()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """{"metadata":{"name":"shell"},"spec":{"containers":[{"name":"main","command":["sleep","3600"]}]}}""");
        await agent.WaitForPodAsync(ns, "shell", p => AgentCluster.Phase(p) == "Running", "Running");
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 80, 24, "exec", "-it", "-n", ns, "shell", "--", "sh");
        await kubectl.TypeAsync("echo typed-$((6*7))\r");
        await kubectl.WaitForAsync("typed-42");
        await kubectl.TypeAsync("exit 5\r");
        Assert.True(await kubectl.ExitCodeAsync() == 5, kubectl.Shown);
    }

    [Fact]
    public async Task AttachSendsStdinToTheContainerAndItsOutputBack()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"echo"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["cat"],"stdin":true,"stdinOnce":true}]}}
            """);
        await agent.WaitForPodAsync(ns, "echo", p => AgentCluster.Phase(p) == "Running", "Running");
        var attached = await agent.Cluster.KubectlWithInputAsync("hello from attach\n", "attach", "-i", "-n", ns, "echo");
        Assert.True(attached.ExitCode == 0, attached.ToString());
        Assert.Equal("hello from attach\n", attached.StdOut);
        // stdinOnce: the session's end closed cat's stdin, so it read the end of its input and finished.
        var done = await agent.WaitForPodAsync(ns, "echo", p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
        Assert.Equal(0, AgentCluster.Status(done, "main")!.LongAt("state", "terminated", "exitCode"));
    }

    [Fact]
    public async Task AttachToAContainerOnATerminal()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"tty"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sh"],"stdin":true,"tty":true}]}}
            """);
        await agent.WaitForPodAsync(ns, "tty", p => AgentCluster.Phase(p) == "Running", "Running");
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 80, 24, "attach", "-it", "-n", ns, "tty");
        await kubectl.WaitForAsync("If you don't see a command prompt");
        await kubectl.TypeAsync("tty; echo attached-$((6*7)) term-$TERM\r");
        await kubectl.WaitForAsync("attached-42 term-xterm");
        Assert.Matches(@"/dev/pts/\d+\r\n", kubectl.Shown);
        await kubectl.TypeAsync("exit\r");
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        await agent.WaitForPodAsync(ns, "tty", p => AgentCluster.Phase(p) == "Succeeded", "Succeeded");
    }

    [Fact]
    public async Task RunWithPipedStdinAttachesAndRemovesThePod()
    {
        var ns = await agent.NamespaceAsync();
        var run = await agent.Cluster.KubectlWithInputAsync("hello\n", "run", "-i", "--rm", "-n", ns, "reader", "--image=busybox:1.36",
            $"--overrides={OnThisNode}", "--", "sh", "-c", "read x; echo got $x");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("got hello\n", run.StdOut);
        await agent.WaitForPodGoneAsync(ns, "reader");
    }

    [Fact]
    public async Task RunInteractiveGivesAShellOnATerminalAndRemovesThePod()
    {
        var ns = await agent.NamespaceAsync();
        await using var kubectl = KubectlOnTerminal.Start(agent.Cluster, 80, 24, "run", "-it", "--rm", "-n", ns, "x", "--image=busybox",
            $"--overrides={OnThisNode}", "--", "sh");
        await kubectl.WaitForAsync("If you don't see a command prompt");
        await kubectl.TypeAsync("echo run-$((6*7))\r");
        await kubectl.WaitForAsync("run-42");
        await kubectl.TypeAsync("exit\r");
        Assert.True(await kubectl.ExitCodeAsync() == 0, kubectl.Shown);
        // Deleted, and going: the restarted shell, interactive, ignores SIGTERM (as busybox's does under Kubernetes)
        // and leaves when its grace period ends.
        var pod = await agent.Client.TryGetAsync(ResourceTypes.Pod, ns, "x");
        Assert.True(pod is null || pod.StringAt("metadata", "deletionTimestamp") is not null, pod?.ToJsonString());
    }

    [Fact]
    public async Task AttachThatCannotBeServedSaysWhyAsTheCallersMistake()
    {
        var ns = await agent.NamespaceAsync();
        await agent.CreatePodAsync(ns, """
            {"metadata":{"name":"half"},"spec":{"restartPolicy":"Never","containers":[{"name":"main","command":["sleep","3600"]},{"name":"once","command":["true"]}]}}
            """);
        await agent.WaitForPodAsync(ns, "half", p => AgentCluster.Status(p, "once")?.At("state", "terminated") is not null && AgentCluster.Phase(p) == "Running", "once ended, main running");

        var noStdin = await agent.Cluster.KubectlWithInputAsync("x\n", "attach", "-i", "-n", ns, "half", "-c", "main");
        Assert.NotEqual(0, noStdin.ExitCode);
        Assert.Contains("container main in pod half has no stdin to attach to: it was not started with stdin: true", noStdin.StdErr);

        var ended = await agent.Cluster.KubectlAsync("attach", "-n", ns, "half", "-c", "once");
        Assert.NotEqual(0, ended.ExitCode);
        Assert.Contains("container once is not running in pod half", ended.StdErr);

        var (code, body) = await agent.Cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/half/attach?container=nope&stdout=true");
        Assert.Equal(400, code);
        Assert.Equal("container nope is not valid for pod half", body?["message"]?.GetValue<string>());
        await agent.Cluster.AssertMetricsCleanAsync();
    }
}
