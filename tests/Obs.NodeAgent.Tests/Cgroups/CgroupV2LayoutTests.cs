using Obs.NodeAgent.Cgroups;

namespace Obs.NodeAgent.Tests.Cgroups;

/// <summary>
/// The v2 layout against a directory standing in for the unified mount (this machine mounts v1,
/// so the files are what the kernel would be handed, not what it did with them).
/// </summary>
public sealed class CgroupV2LayoutTests : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("obs-cgroup2-").FullName;

    public void Dispose() => Directory.Delete(_mount, recursive: true);

    private string Read(string relative) => File.ReadAllText(Path.Combine(_mount, relative));

    private CgroupSupport Support => new(CgroupVersion.V2, true, null, "/obs.slice", new Dictionary<string, string> { ["unified"] = _mount });

    [Fact]
    public void CreateEnablesControllersDownThePathAndWritesLimits()
    {
        File.WriteAllText(Path.Combine(_mount, "cgroup.subtree_control"), "cpu io\n");

        var cgroup = ContainerCgroup.Create(Support, "u1", "app", new CgroupLimits(200, 128 * 1024 * 1024, 64));

        Assert.Equal("+memory +pids", Read("cgroup.subtree_control"));
        Assert.Equal("+cpu +memory +pids", Read("obs.slice/cgroup.subtree_control"));
        Assert.Equal("+cpu +memory +pids", Read("obs.slice/podu1/cgroup.subtree_control"));
        Assert.False(File.Exists(Path.Combine(_mount, "obs.slice/podu1/app/cgroup.subtree_control")));
        Assert.Equal(Path.Combine(_mount, "obs.slice/podu1/app"), cgroup.Path);
        Assert.Equal("/obs.slice/podu1/app", cgroup.RelativePath);
        Assert.Equal([Path.Combine(cgroup.Path, "cgroup.procs")], cgroup.ProcsFiles);
        Assert.Equal("20000 100000", Read("obs.slice/podu1/app/cpu.max"));
        Assert.Equal("134217728", Read("obs.slice/podu1/app/memory.max"));
        Assert.Equal("0", Read("obs.slice/podu1/app/memory.swap.max"));
        Assert.Equal("64", Read("obs.slice/podu1/app/pids.max"));
    }

    [Fact]
    public void NoLimitsAreMax()
    {
        var cgroup = ContainerCgroup.Create(Support, "u2", "app", CgroupLimits.None);

        Assert.Equal("max 100000", File.ReadAllText(Path.Combine(cgroup.Path, "cpu.max")));
        Assert.Equal("max", File.ReadAllText(Path.Combine(cgroup.Path, "memory.max")));
        Assert.Equal("max", File.ReadAllText(Path.Combine(cgroup.Path, "pids.max")));
    }

    [Fact]
    public void OomKillsAreCountedFromMemoryEvents()
    {
        var cgroup = ContainerCgroup.Create(Support, "u3", "app", CgroupLimits.None);
        Assert.Equal(0, cgroup.OomKillCount());

        File.WriteAllText(Path.Combine(cgroup.Path, "memory.events"), "low 0\nhigh 0\nmax 7\noom 2\noom_kill 1\noom_group_kill 0\n");

        Assert.Equal(1, cgroup.OomKillCount());
    }
}
