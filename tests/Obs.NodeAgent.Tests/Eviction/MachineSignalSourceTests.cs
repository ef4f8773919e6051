using Obs.NodeAgent.Eviction;

namespace Obs.NodeAgent.Tests.Eviction;

public sealed class MachineSignalSourceTests
{
    [Fact]
    public void ReadsMemoryAndPidsFromProcAndTheFilesystemFromStatvfs()
    {
        var proc = Directory.CreateTempSubdirectory("obs-proc-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(proc, "sys/kernel"));
            File.WriteAllText(Path.Combine(proc, "meminfo"), "MemTotal:       16000000 kB\nMemFree:          100000 kB\nMemAvailable:     200000 kB\n");
            File.WriteAllText(Path.Combine(proc, "sys/kernel/pid_max"), "32768\n");
            File.WriteAllText(Path.Combine(proc, "loadavg"), "0.50 0.40 0.30 2/768 12345\n");
            var signals = new MachineSignalSource(proc, proc).Observe();
            Assert.Equal(new SignalObservation(200000L * 1024, 16000000L * 1024), signals[EvictionSignal.MemoryAvailable]);
            Assert.Equal(new SignalObservation(32768 - 768, 32768), signals[EvictionSignal.PidAvailable]);
            var drive = new DriveInfo(proc);
            Assert.Equal(drive.TotalSize, signals[EvictionSignal.NodeFsAvailable].Capacity);
            Assert.True(signals[EvictionSignal.NodeFsInodesFree].Capacity > 0);
            Assert.InRange(signals[EvictionSignal.NodeFsInodesFree].Available, 1, signals[EvictionSignal.NodeFsInodesFree].Capacity);
        }
        finally
        {
            Directory.Delete(proc, recursive: true);
        }
    }
}
