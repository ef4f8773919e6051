using Obs.NodeAgent.Native;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Native;

/// <summary>Real namespaces, as in the sandbox tests: the test machines run as root where unshare is permitted.</summary>
public sealed class NamespaceWorkersTests
{
    [Fact]
    public async Task AWorkerThatEnteredAPodsNamespacesComesBackToTheAgentsOwn()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("come-back");
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);
        var agent = Namespaces("self");

        var (hostname, init, after, directory) = await NamespaceWorkers.RunAsync(() =>
        {
            // Inside, /proc is the pod's own (its PID 1 is the pause shell) and the hostname the pod's name.
            (string Hostname, string Init) inside;
            using (NamespaceWorkers.Enter(sandbox.PidNamespacePath, sandbox.UtsNamespacePath, sandbox.MountNamespacePath))
            {
                inside = (File.ReadAllText("/proc/sys/kernel/hostname").Trim(), File.ReadAllText("/proc/1/cmdline"));
            }
            return (inside.Hostname, inside.Init, Namespaces("thread-self"), Directory.GetCurrentDirectory());
        });

        Assert.Equal("come-back", hostname);
        Assert.Contains("pause", init, StringComparison.Ordinal);
        Assert.Equal(agent, after);
        Assert.Equal(Directory.GetCurrentDirectory(), directory);
    }

    [Fact]
    public async Task AWorkerStillEntersAMountNamespaceAfterStartingAThreadThatSharesItsFileSystemContext()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("shared-fs");
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);

        // Every worker starts a thread (as the thread pool does when a worker queues a continuation), then enters.
        var entries = Enumerable.Range(0, 8).Select(_ => NamespaceWorkers.RunAsync(() =>
        {
            var started = new Thread(() => Thread.Sleep(2000)) { IsBackground = true };
            started.Start();
            using (NamespaceWorkers.Enter(null, null, sandbox.MountNamespacePath))
            {
                // The pod's /proc: its PID 1 is the pause shell.
                return File.ReadAllText("/proc/1/cmdline");
            }
        })).ToList();

        foreach (var init in await Task.WhenAll(entries)) Assert.Contains("pause", init, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningContainersHoldNoThreadEach()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("threads");
        await test.StartAsync(sandbox, "warm", ["sleep", "300"]);
        var before = Directory.GetDirectories("/proc/self/task").Length;

        for (var i = 0; i < 12; i++) await test.StartAsync(sandbox, $"app-{i}", ["sleep", "300"]);

        // A thread per container (its waitpid) and two per FIFO pump would be 36 more.
        Assert.InRange(Directory.GetDirectories("/proc/self/task").Length - before, -100, 6);
    }

    private static (string Mnt, string Uts, string Pid) Namespaces(string self) =>
        (Link($"/proc/{self}/ns/mnt"), Link($"/proc/{self}/ns/uts"), Link($"/proc/{self}/ns/pid_for_children"));

    private static string Link(string path) => new FileInfo(path).LinkTarget ?? "";
}
