using Obs.Exporter.Tests.Exposition;
using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class PressureCollectorTests
{
    [Fact]
    public void FixtureGivesWaitingAndStalledSecondsPerResource()
    {
        Assert.Equal(""""
        # HELP node_pressure_cpu_waiting_seconds_total Total time in seconds that processes have waited for CPU time
        # TYPE node_pressure_cpu_waiting_seconds_total counter
        node_pressure_cpu_waiting_seconds_total 14.036781
        # HELP node_pressure_io_waiting_seconds_total Total time in seconds that processes have waited due to IO congestion
        # TYPE node_pressure_io_waiting_seconds_total counter
        node_pressure_io_waiting_seconds_total 159.886802
        # HELP node_pressure_io_stalled_seconds_total Total time in seconds no process could make progress due to IO congestion
        # TYPE node_pressure_io_stalled_seconds_total counter
        node_pressure_io_stalled_seconds_total 159.229614
        # HELP node_pressure_memory_waiting_seconds_total Total time in seconds that processes have waited for memory
        # TYPE node_pressure_memory_waiting_seconds_total counter
        node_pressure_memory_waiting_seconds_total 0
        # HELP node_pressure_memory_stalled_seconds_total Total time in seconds no process could make progress due to memory congestion
        # TYPE node_pressure_memory_stalled_seconds_total counter
        node_pressure_memory_stalled_seconds_total 0

        """", NodeFixtures.Collect(new PressureCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void CpuGivesOnlyTheWaitingFamilyWithOrWithoutAFullLine()
    {
        Assert.Equal(""""
        # HELP node_pressure_cpu_waiting_seconds_total Total time in seconds that processes have waited for CPU time
        # TYPE node_pressure_cpu_waiting_seconds_total counter
        node_pressure_cpu_waiting_seconds_total 2.5

        """", Rendered.Text(writer => PressureCollector.Write("cpu", "some avg10=1.00 avg60=0.50 avg300=0.10 total=2500000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n"u8, writer)));
    }

    [Fact]
    public void IrqHasOnlyAStalledFamily()
    {
        Assert.Equal(""""
        # HELP node_pressure_irq_stalled_seconds_total Total time in seconds no process could make progress due to IRQ congestion
        # TYPE node_pressure_irq_stalled_seconds_total counter
        node_pressure_irq_stalled_seconds_total 0.000123

        """", Rendered.Text(writer => PressureCollector.Write("irq", "full avg10=0.00 avg60=0.00 avg300=0.00 total=123\n"u8, writer)));
    }

    [Fact]
    public void KernelWithoutPressureFilesGivesNothingAndNoError()
    {
        using var empty = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new PressureCollector(new NodePaths(empty.Path))));
    }
}
