using Obs.NodeAgent.Node;

namespace Obs.NodeAgent.Tests.Node;

public sealed class MachineInfoTests
{
    private const string Meminfo = "MemTotal:       16318480 kB\nMemFree:         1234567 kB\nMemAvailable:    8000000 kB\n";

    [Fact]
    public void MeminfoFieldsAreReadInBytes()
    {
        Assert.Equal(16318480L * 1024, MachineInfo.MeminfoBytes(Meminfo, "MemTotal"));
        Assert.Equal(8000000L * 1024, MachineInfo.MeminfoBytes(Meminfo, "MemAvailable"));
        Assert.Null(MachineInfo.MeminfoBytes(Meminfo, "SwapTotal"));
    }

    [Fact]
    public void OsReleaseValuesAreUnquoted() =>
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", MachineInfo.OsRelease("NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n", "PRETTY_NAME"));

    [Fact]
    public void ReadsFixtureProcAndEtc()
    {
        var root = Path.Combine(Path.GetTempPath(), $"obs-machine-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(root, "proc/sys/kernel/random"));
        Directory.CreateDirectory(Path.Combine(root, "etc"));
        File.WriteAllText(Path.Combine(root, "proc/meminfo"), Meminfo);
        File.WriteAllText(Path.Combine(root, "proc/sys/kernel/osrelease"), "6.1.0-test\n");
        File.WriteAllText(Path.Combine(root, "proc/sys/kernel/random/boot_id"), "boot-1\n");
        File.WriteAllText(Path.Combine(root, "etc/os-release"), "PRETTY_NAME=\"Test OS\"\n");
        File.WriteAllText(Path.Combine(root, "etc/machine-id"), "abc123\n");
        try
        {
            var machine = MachineInfo.Read(root, Path.Combine(root, "proc"), Path.Combine(root, "etc"));
            Assert.Equal(16318480L * 1024, machine.MemoryBytes);
            Assert.Equal("6.1.0-test", machine.KernelVersion);
            Assert.Equal("Test OS", machine.OsImage);
            Assert.Equal("abc123", machine.MachineId);
            Assert.Equal("boot-1", machine.BootId);
            Assert.True(machine.DiskBytes > 0);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void LoadavgGivesTheTaskCount() => Assert.Equal(1234, NodePressure.ProcessCount("0.10 0.20 0.30 2/1234 5678\n"));

    [Theory]
    [InlineData(50L * 1024 * 1024, true)]
    [InlineData(500L * 1024 * 1024, false)]
    public void MemoryPressureBelow100Mi(long available, bool pressure) =>
        Assert.Equal(pressure, new NodePressure(available, 50, 100, 10, 100).Memory);

    [Fact]
    public void DiskPressureBelowTenPercentFree()
    {
        Assert.True(new NodePressure(long.MaxValue, 9, 100, 0, 0).Disk);
        Assert.False(new NodePressure(long.MaxValue, 11, 100, 0, 0).Disk);
    }
}
