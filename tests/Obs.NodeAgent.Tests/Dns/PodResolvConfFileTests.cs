using System.Diagnostics;
using Obs.NodeAgent.Dns;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Dns;

/// <summary>Real namespaces, as in the sandbox tests: the test machines run as root where unshare is permitted.</summary>
public sealed class PodResolvConfFileTests
{
    [Fact]
    public async Task ThePodSeesItsOwnResolvConfAndTheHostKeepsItsOwn()
    {
        var hostBefore = File.ReadAllText("/etc/resolv.conf");
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("dns-pod");
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);
        var directory = Path.Combine(Path.GetTempPath(), $"obs-dns-{Guid.NewGuid():N}");
        try
        {
            var contents = "nameserver 127.77.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n";
            var nsenter = test.Runtime.Capabilities.Namespaces.NsenterPath;
            Assert.Null(await PodResolvConfFile.InstallAsync(sandbox, Path.Combine(directory, "resolv.conf"), contents));

            var start = new ProcessStartInfo(nsenter, [$"--mount={sandbox.MountNamespacePath}", "--", "cat", "/etc/resolv.conf"]) { RedirectStandardOutput = true };
            using var cat = Process.Start(start)!;
            var seen = await cat.StandardOutput.ReadToEndAsync();
            await cat.WaitForExitAsync();
            Assert.Equal(contents, seen);
            Assert.Equal(hostBefore, File.ReadAllText("/etc/resolv.conf"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task APodWithoutNamespacesIsToldWhy()
    {
        await using var test = new TestRuntime(namespaces: false);
        var sandbox = await test.SandboxAsync("shared-pod");
        Assert.Equal("the pod has no mount namespace of its own",
            await PodResolvConfFile.InstallAsync(sandbox, Path.Combine(Path.GetTempPath(), "unused", "resolv.conf"), "x"));
    }
}
