using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Tests.Runtime;

namespace Obs.NodeAgent.Tests.Isolation;

/// <summary>Real namespaces, as in the sandbox tests: the test machines run as root where unshare is permitted.</summary>
public sealed class NamespaceBindMountTests
{
    [Fact]
    public async Task TheBoundDirectoryIsSeenInsideThePodAndTheHostKeepsItsOwn()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("bind-pod");
        Assert.True(sandbox.Isolated, sandbox.IsolationReason);
        var source = Directory.CreateTempSubdirectory("obs-bind-source-").FullName;
        var target = Directory.CreateTempSubdirectory("obs-bind-target-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(source, "greeting"), "from the source\n");

            Assert.Null(await NamespaceBindMount.BindAsync(sandbox, source, target));

            var app = await test.StartAsync(sandbox, "app", ["sleep", "300"]);
            var seen = await app.ExecAsync(["cat", Path.Combine(target, "greeting")], TimeSpan.FromSeconds(10));
            Assert.Equal("from the source\n", seen.Output);
            Assert.Empty(Directory.GetFiles(target));
            // The agent's own threads stay in the host's mount namespace.
            Assert.DoesNotContain(target, File.ReadAllText("/proc/self/mountinfo"), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task AMissingSourceIsReportedAndNothingIsMounted()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("bind-missing");
        var target = Directory.CreateTempSubdirectory("obs-bind-target-").FullName;
        try
        {
            var error = await NamespaceBindMount.BindAsync(sandbox, Path.Combine(target, "absent"), target);

            Assert.Equal("No such file or directory", error);
            var app = await test.StartAsync(sandbox, "app", ["sleep", "300"]);
            var mounts = await app.ExecAsync(["cat", "/proc/self/mountinfo"], TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(target, mounts.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task AMissingTargetIsMadeAsADirectoryOrAFileLikeItsSourceAndOnlyThePodSeesTheBind()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("bind-create");
        var source = Directory.CreateTempSubdirectory("obs-bind-source-").FullName;
        var parent = Path.Combine(Path.GetTempPath(), "obs-bind-made-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(Path.Combine(source, "token"), "secret\n");
            var directoryTarget = Path.Combine(parent, "dir", "deeper");
            var fileTarget = Path.Combine(parent, "file", "token");

            Assert.Null(await NamespaceBindMount.BindAsync(sandbox, source, directoryTarget, createTarget: true));
            Assert.Null(await NamespaceBindMount.BindAsync(sandbox, Path.Combine(source, "token"), fileTarget, createTarget: true));

            var app = await test.StartAsync(sandbox, "app", ["sleep", "300"]);
            Assert.Equal("secret\n", (await app.ExecAsync(["cat", Path.Combine(directoryTarget, "token")], TimeSpan.FromSeconds(10))).Output);
            Assert.Equal("secret\n", (await app.ExecAsync(["cat", fileTarget], TimeSpan.FromSeconds(10))).Output);
            // The targets are made on the shared file system, as mkdir -p would; the mounts over them are the pod's alone.
            Assert.Empty(Directory.GetFiles(directoryTarget));
            Assert.Equal("", File.ReadAllText(fileTarget));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            if (Directory.Exists(parent)) Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task AReadOnlyBindRefusesWritesInsideThePod()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("bind-ro");
        var source = Directory.CreateTempSubdirectory("obs-bind-source-").FullName;
        var target = Directory.CreateTempSubdirectory("obs-bind-target-").FullName;
        try
        {
            Assert.Null(await NamespaceBindMount.BindAsync(sandbox, source, target, readOnly: true));

            var app = await test.StartAsync(sandbox, "app", ["sleep", "300"]);
            var write = await app.ExecAsync(["/bin/sh", "-c", $"echo x > {target}/written"], TimeSpan.FromSeconds(10));
            Assert.NotEqual(0, write.ExitCode);
            Assert.Contains("Read-only file system", write.Output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(source, "written")));
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(target, recursive: true);
        }
    }

    [Fact]
    public async Task APodWithoutNamespacesIsToldWhy()
    {
        await using var test = new TestRuntime(namespaces: false);
        var sandbox = await test.SandboxAsync("shared-pod");

        Assert.Equal("the pod has no mount namespace of its own", await NamespaceBindMount.BindAsync(sandbox, "/tmp", "/mnt"));
    }
}
