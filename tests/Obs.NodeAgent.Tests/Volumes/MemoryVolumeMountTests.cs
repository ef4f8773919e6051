using Obs.NodeAgent.Isolation;
using Obs.NodeAgent.Tests.Runtime;
using Obs.NodeAgent.Volumes;

namespace Obs.NodeAgent.Tests.Volumes;

public sealed class MemoryVolumeMountTests
{
    private const string MountInfo = """
        22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
        98 22 0:50 / /var/lib/obs/pods/u1/volumes/cache rw,relatime - tmpfs tmpfs rw,size=65536k
        99 22 8:1 /data /var/lib/obs/pods/u1/volumes/bound rw,relatime master:3 - ext4 /dev/sda1 rw
        100 99 0:51 / /var/lib/obs/pods/u1/volumes/bound rw - tmpfs tmpfs rw
        101 22 0:52 / /var/lib/obs/with\040space rw - tmpfs tmpfs rw

        """;

    [Fact]
    public void FileSystemAtReadsTheTopmostMountAtThePath()
    {
        Assert.Equal("tmpfs", MemoryVolumeMount.FileSystemAt(MountInfo, "/var/lib/obs/pods/u1/volumes/cache"));
        Assert.Equal("tmpfs", MemoryVolumeMount.FileSystemAt(MountInfo, "/var/lib/obs/pods/u1/volumes/cache/"));
        Assert.Equal("tmpfs", MemoryVolumeMount.FileSystemAt(MountInfo, "/var/lib/obs/pods/u1/volumes/bound"));
        Assert.Equal("tmpfs", MemoryVolumeMount.FileSystemAt(MountInfo, "/var/lib/obs/with space"));
        Assert.Equal("ext4", MemoryVolumeMount.FileSystemAt(MountInfo, "/"));
        Assert.Null(MemoryVolumeMount.FileSystemAt(MountInfo, "/var/lib/obs/pods/u1/volumes/other"));
        Assert.Null(MemoryVolumeMount.FileSystemAt("garbage\n1 2 3\n", "/"));
    }

    [Fact]
    public async Task APodWithoutItsOwnMountNamespaceKeepsAPlainDirectoryAndSaysWhy()
    {
        var sandbox = PodSandbox.Shared("uid", "pod", "namespaces are turned off in the agent's options");
        var failure = await MemoryVolumeMount.MountAsync("/usr/bin/nsenter", sandbox, "/nonexistent", new MemoryVolume("cache", 1 << 20));
        Assert.Equal("the pod has no mount namespace of its own (namespaces are turned off in the agent's options)", failure);
    }

    [Fact]
    public async Task TheTmpfsIsMountedOnceInsideThePodsNamespaceOnly()
    {
        await using var test = new TestRuntime(namespaces: true);
        var sandbox = await test.SandboxAsync("ram");
        var directory = Directory.CreateDirectory(Path.Combine(test.StateDirectory, "volumes", "cache")).FullName;
        var failure = await MemoryVolumeMount.MountAsync(test.Runtime.Capabilities.Namespaces.NsenterPath, sandbox, directory, new MemoryVolume("cache", 8L << 20));
        if (!sandbox.Isolated)
        {
            // Not root, or namespaces refused here: the fallback is all there is to see.
            Assert.StartsWith("the pod has no mount namespace of its own", failure);
            return;
        }
        Assert.Null(failure);
        var inside = File.ReadAllText($"/proc/{sandbox.InitPid}/mountinfo");
        Assert.Equal("tmpfs", MemoryVolumeMount.FileSystemAt(inside, directory));
        Assert.Contains(inside.Split('\n'), l => l.Contains($" {directory} ", StringComparison.Ordinal) && l.EndsWith("size=8192k", StringComparison.Ordinal));
        Assert.NotEqual("tmpfs", MemoryVolumeMount.FileSystemAt(File.ReadAllText("/proc/self/mountinfo"), directory));

        // Asked again (a container restarted): the tmpfs there is kept, not covered by an empty one.
        Assert.Null(await MemoryVolumeMount.MountAsync(test.Runtime.Capabilities.Namespaces.NsenterPath, sandbox, directory, new MemoryVolume("cache", 8L << 20)));
        Assert.Single(File.ReadAllText($"/proc/{sandbox.InitPid}/mountinfo").Split('\n'), l => l.Contains($" {directory} ", StringComparison.Ordinal));
    }
}
