using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class StatCollectorTests
{
    [Fact]
    public void FixtureGivesBootTimeSwitchesForksInterruptsAndProcs()
    {
        Assert.Equal(""""
        # HELP node_intr_total Total number of interrupts serviced.
        # TYPE node_intr_total counter
        node_intr_total 8.885917e+06
        # HELP node_context_switches_total Total number of context switches.
        # TYPE node_context_switches_total counter
        node_context_switches_total 3.8014093e+07
        # HELP node_forks_total Total number of forks.
        # TYPE node_forks_total counter
        node_forks_total 26442
        # HELP node_boot_time_seconds Node boot time, in unixtime.
        # TYPE node_boot_time_seconds gauge
        node_boot_time_seconds 1.418183276e+09
        # HELP node_procs_running Number of processes in runnable state.
        # TYPE node_procs_running gauge
        node_procs_running 2
        # HELP node_procs_blocked Number of processes blocked waiting for I/O to complete.
        # TYPE node_procs_blocked gauge
        node_procs_blocked 1

        """", NodeFixtures.Collect(new StatCollector(NodeFixtures.Paths)));
    }
}
