using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Isolation;

/// <summary>Real namespaces: the test machines run as root where unshare is permitted.</summary>
public sealed class PodSandboxTests
{
    [Fact]
    public async Task ContainerSeesALowPidAndThePodNameAsHostname()
    {
        await using var test = new TestRuntime(namespaces: true);
        Assert.True(test.Runtime.Capabilities.IsolatesPods, test.Runtime.Capabilities.Namespaces.Reason);
        var sandbox = await test.SandboxAsync("web-0");
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);

        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", "echo pid=$$ host=$(cat /proc/sys/kernel/hostname); sleep 300"]);
        var line = await ProcessContainerRuntimeTests.WaitForLine(process, null);

        // PIDs 1 and 2 are the pod's namespace holder and its sleep; the first container comes next.
        Assert.Equal("Stdout:pid=3 host=web-0", line);
        Assert.NotEqual(2, process.Pid);
        // Born in the pod's PID namespace, the process still joined its cgroup by itself.
        Assert.Contains(process.Pid, process.Cgroup!.Processes());
    }

    [Fact]
    public async Task ContainersOfAPodShareThePidAndMountNamespaces()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("shared");
        var first = await test.StartAsync(sandbox, "first", ["sleep", "300"]);
        var second = await test.StartAsync(sandbox, "second", ["sleep", "301"]);

        // /proc in the pod's mount namespace is the pod's own: PIDs 1 and 2 hold it, 3 and 4 are the
        // containers (asked again until both have exec'd their sleep: until then a container's command
        // line is the nsenter that starts it, which also ends with its arguments).
        const string expected = "sh\nsleep 300 \nsleep 301 ";
        var result = new ExecResult(-1, "", false);
        await ProcessContainerRuntimeTests.WaitUntil(() =>
        {
            result = second.ExecAsync(
                ["/bin/sh", "-c", "cat /proc/1/comm; tr '\\0' ' ' < /proc/3/cmdline; echo; tr '\\0' ' ' < /proc/4/cmdline"], TimeSpan.FromSeconds(10)).Result;
            return result.Output == expected;
        }, seconds: 10);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Output);
        Assert.True(first.State is ContainerStateRunning);
    }

    [Fact]
    public async Task DisposingTheSandboxEndsEveryProcessInThePod()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("doomed");
        var process = await test.StartAsync(sandbox, "app", ["sleep", "300"]);

        await sandbox.DisposeAsync();

        var terminated = await TestRuntime.Within(process.Exited);
        Assert.Equal(9, terminated.Signal);
    }

    [Fact]
    public async Task WithoutNamespacesTheSandboxSaysWhy()
    {
        await using var test = new TestRuntime(namespaces: false);
        var sandbox = await test.SandboxAsync("plain");
        Assert.False(sandbox.Isolated);
        Assert.Equal("namespaces are turned off in the agent's options", sandbox.IsolationReason);
        Assert.Null(sandbox.PidNamespacePath);
    }

    [Fact]
    public async Task ThePodsPid1ReapsOrphans()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("reaper");
        var keeper = await test.StartAsync(sandbox, "keeper", ["sleep", "300"]);
        // The short-lived container leaves a child behind; the runtime kills it when the container ends.
        var leaver = await test.StartAsync(sandbox, "leaver", ["/bin/sh", "-c", "sleep 299 & exit 0"]);
        await TestRuntime.Within(leaver.Exited);

        var zombies = "";
        await ProcessContainerRuntimeTests.WaitUntil(() =>
        {
            zombies = keeper.ExecAsync(["/bin/sh", "-c", "cat /proc/[0-9]*/stat 2>/dev/null | grep -c ' Z ' || true"], TimeSpan.FromSeconds(10)).Result.Output;
            return zombies == "0\n";
        }, seconds: 5);
        Assert.Equal("0\n", zombies);
    }
}
