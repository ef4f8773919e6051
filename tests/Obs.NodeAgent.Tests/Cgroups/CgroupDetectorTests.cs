using Obs.NodeAgent.Cgroups;

namespace Obs.NodeAgent.Tests.Cgroups;

public sealed class CgroupDetectorTests
{
    [Fact]
    public void UnifiedMountAtSysFsCgroupIsV2()
    {
        const string text = "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n";
        var (version, mounts) = CgroupDetector.ParseMounts(text);
        Assert.Equal(CgroupVersion.V2, version);
        Assert.Equal("/sys/fs/cgroup", mounts["unified"]);
    }

    [Fact]
    public void HybridLayoutIsV1WithEachControllersMount()
    {
        const string text =
            "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
            "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct\n" +
            "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
            "39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids\n" +
            "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd\n" +
            "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";
        var (version, mounts) = CgroupDetector.ParseMounts(text);
        Assert.Equal(CgroupVersion.V1, version);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", mounts["cpu"]);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", mounts["cpuacct"]);
        Assert.Equal("/sys/fs/cgroup/memory", mounts["memory"]);
        Assert.Equal("/sys/fs/cgroup/pids", mounts["pids"]);
        Assert.Equal(4, mounts.Count);
    }

    [Fact]
    public void NoCgroupMountsIsNone()
    {
        var (version, _) = CgroupDetector.ParseMounts("22 1 0:5 / /proc rw - proc proc rw\n");
        Assert.Equal(CgroupVersion.None, version);
    }

    [Fact]
    public void UnreadableMountInfoIsUnusableWithTheReason()
    {
        var support = CgroupDetector.Detect("/obs.slice", "/nonexistent/mountinfo");
        Assert.False(support.Usable);
        Assert.StartsWith("cannot read /nonexistent/mountinfo", support.Reason);
    }

    [Fact]
    public void UnwritableHierarchyIsUnusableWithTheReason()
    {
        // /proc refuses new directories even to root.
        var mountInfo = Path.GetTempFileName();
        try
        {
            File.WriteAllText(mountInfo,
                "32 31 0:29 / /proc/obs-cpu rw - cgroup cgroup rw,cpu\n" +
                "35 31 0:32 / /proc/obs-memory rw - cgroup cgroup rw,memory\n" +
                "39 31 0:36 / /proc/obs-pids rw - cgroup cgroup rw,pids\n");
            var support = CgroupDetector.Detect("/obs.slice", mountInfo);
            Assert.Equal(CgroupVersion.V1, support.Version);
            Assert.False(support.Usable);
            Assert.StartsWith("cgroup v1 hierarchies are not writable: ", support.Reason);
        }
        finally
        {
            File.Delete(mountInfo);
        }
    }

    [Fact]
    public void MissingV1ControllerIsNamed()
    {
        var mountInfo = Path.GetTempFileName();
        try
        {
            File.WriteAllText(mountInfo, "32 31 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n");
            var support = CgroupDetector.Detect("/obs.slice", mountInfo);
            Assert.False(support.Usable);
            Assert.Equal("cgroup v1 controllers not mounted: memory, pids", support.Reason);
        }
        finally
        {
            File.Delete(mountInfo);
        }
    }

    [Fact]
    public void ThisMachineHasUsableCgroups()
    {
        var support = CgroupDetector.Detect($"/obs-test-{Guid.NewGuid():N}");
        try
        {
            Assert.True(support.Usable, support.Reason);
            Assert.NotEqual(CgroupVersion.None, support.Version);
        }
        finally
        {
            foreach (var mount in support.Mounts.Values.Distinct())
            {
                var dir = Path.Combine(mount, support.Root.TrimStart('/'));
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir);
                }
            }
        }
    }
}
