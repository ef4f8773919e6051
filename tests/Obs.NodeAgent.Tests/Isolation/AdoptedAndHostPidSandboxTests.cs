using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Runtime;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Isolation;

/// <summary>
/// Real namespaces: a sandbox a restarted agent takes back by its holder's PID puts new containers
/// where the pod's others are; a hostPID pod's sandbox shares the machine's processes and nothing else.
/// </summary>
public sealed class AdoptedAndHostPidSandboxTests
{
    private static string Namespace(int pid, string type) => new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;

    [Fact]
    public async Task AContainerStartedInAnAdoptedSandboxSharesTheNamespacesOfThoseStartedBefore()
    {
        await using var test = new TestRuntime(namespaces: true);
        Assert.True(test.Runtime.Capabilities.IsolatesPods, test.Runtime.Capabilities.Namespaces.Reason);
        var original = await test.SandboxAsync("kept");
        var before = await test.StartAsync(original, "before", ["sleep", "300"]);
        var adopted = PodSandbox.Adopt(original.PodUid, original.PodName, original.InitPid, ContainerRecords.ProcessStartTicks(original.InitPid)!.Value);
        Assert.True(adopted.Alive);
        Assert.False(adopted.HostPid);

        var after = await test.StartAsync(adopted, "after", ["/bin/sh", "-c", "echo host=$(hostname); sleep 300"]);

        Assert.Equal("Stdout:host=kept", await ProcessContainerRuntimeTests.WaitForLine(after, null));
        foreach (var type in new[] { "pid", "mnt", "uts" }) Assert.Equal(Namespace(before.Pid, type), Namespace(after.Pid, type));
        Assert.NotEqual(Namespace(Environment.ProcessId, "pid"), Namespace(after.Pid, "pid"));

        // Disposing the adopted sandbox ends the pod, though its holder is not this sandbox's child.
        await adopted.DisposeAsync();
        Assert.Equal(9, (await TestRuntime.Within(before.Exited)).Signal);
        Assert.False(adopted.Alive);
        // The original sandbox learns of it when its unshare, which reaps the holder, has exited and been waited for:
        // a moment after the holder is gone (as ASandboxWhoseHolderWasKilledIsNotAlive waits for it).
        await ProcessContainerRuntimeTests.WaitUntil(() => !original.Alive, seconds: 10);
        Assert.False(original.Alive);
    }

    [Fact]
    public async Task AHostPidSandboxSharesTheMachinesProcessesButKeepsItsOwnMountsAndHostname()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("host-pids", hostPid: true);
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);
        Assert.Null(sandbox.PidNamespacePath);

        var process = await test.StartAsync(sandbox, "app", ["/bin/sh", "-c", $"test -d /proc/{Environment.ProcessId} && echo sees-host-$(hostname); sleep 300"]);

        Assert.Equal("Stdout:sees-host-host-pids", await ProcessContainerRuntimeTests.WaitForLine(process, null));
        Assert.Equal(Namespace(Environment.ProcessId, "pid"), Namespace(process.Pid, "pid"));
        Assert.NotEqual(Namespace(Environment.ProcessId, "mnt"), Namespace(process.Pid, "mnt"));
        Assert.True(PodSandbox.Adopt(sandbox.PodUid, sandbox.PodName, sandbox.InitPid, ContainerRecords.ProcessStartTicks(sandbox.InitPid)!.Value).HostPid);
    }

    [Fact]
    public async Task DisposingAHostPidSandboxLeavesNoProcessOfItsHolderBehind()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("host-pids-ended", hostPid: true);
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);
        // Without a PID namespace, killing the holder does not take its children with it: each must be the holder's to kill.
        var holder = ProcessTree.WithDescendants(sandbox.InitPid);
        Assert.NotEmpty(holder);

        await sandbox.DisposeAsync();

        await ProcessContainerRuntimeTests.WaitUntil(() => holder.All(p => !p.Runs), seconds: 10);
        Assert.Empty(holder.Where(p => p.Runs).Select(p => p.CommandLine));
    }

    [Fact]
    public async Task ASandboxWhoseHolderWasKilledIsNotAlive()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("killed");
        var adopted = PodSandbox.Adopt(sandbox.PodUid, sandbox.PodName, sandbox.InitPid, ContainerRecords.ProcessStartTicks(sandbox.InitPid)!.Value);
        Assert.True(sandbox.Alive);

        Obs.NodeAgent.Native.Libc.kill(sandbox.InitPid, Obs.NodeAgent.Native.Libc.SIGKILL);

        await ProcessContainerRuntimeTests.WaitUntil(() => !sandbox.Alive && !adopted.Alive, seconds: 10);
        Assert.False(sandbox.Alive);
        Assert.False(adopted.Alive);
    }
}
