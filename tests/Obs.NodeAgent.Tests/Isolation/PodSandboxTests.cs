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

        // PID 1 is the pod's namespace holder; the first container is the next process.
        Assert.Equal("Stdout:pid=2 host=web-0", line);
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

        // /proc in the pod's mount namespace is the pod's own: PID 1 holds it, 2 and 3 are the containers.
        var result = await TestRuntime.Within(second.ExecAsync(
            ["/bin/sh", "-c", "cat /proc/1/comm; tr '\\0' ' ' < /proc/2/cmdline; echo; tr '\\0' ' ' < /proc/3/cmdline"], TimeSpan.FromSeconds(10)));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("sleep\nsleep 300 \nsleep 301 ", result.Output);
        Assert.True(first.State is Obs.NodeAgent.Runtime.ContainerStateRunning);
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
}
