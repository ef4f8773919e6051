using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class CpuCollectorTests
{
    [Fact]
    public void FixtureGivesSecondsPerCpuAndModeAndGuestSeconds()
    {
        Assert.Equal(""""
        # HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.
        # TYPE node_cpu_seconds_total counter
        node_cpu_seconds_total{cpu="0",mode="user"} 444.9
        node_cpu_seconds_total{cpu="0",mode="nice"} 0.19
        node_cpu_seconds_total{cpu="0",mode="system"} 210.45
        node_cpu_seconds_total{cpu="0",mode="idle"} 10870.69
        node_cpu_seconds_total{cpu="0",mode="iowait"} 2.2
        node_cpu_seconds_total{cpu="0",mode="irq"} 0
        node_cpu_seconds_total{cpu="0",mode="softirq"} 34.1
        node_cpu_seconds_total{cpu="0",mode="steal"} 0
        node_cpu_seconds_total{cpu="1",mode="user"} 478.69
        node_cpu_seconds_total{cpu="1",mode="nice"} 0.23
        node_cpu_seconds_total{cpu="1",mode="system"} 164.74
        node_cpu_seconds_total{cpu="1",mode="idle"} 11107.87
        node_cpu_seconds_total{cpu="1",mode="iowait"} 5.91
        node_cpu_seconds_total{cpu="1",mode="irq"} 0
        node_cpu_seconds_total{cpu="1",mode="softirq"} 0.46
        node_cpu_seconds_total{cpu="1",mode="steal"} 0
        # HELP node_cpu_guest_seconds_total Seconds the CPUs spent in guests (VMs) for each mode.
        # TYPE node_cpu_guest_seconds_total counter
        node_cpu_guest_seconds_total{cpu="0",mode="nice"} 0.07
        node_cpu_guest_seconds_total{cpu="0",mode="user"} 12.01
        node_cpu_guest_seconds_total{cpu="1",mode="nice"} 0
        node_cpu_guest_seconds_total{cpu="1",mode="user"} 0

        """", NodeFixtures.Collect(new CpuCollector(NodeFixtures.Paths)));
    }
}
