using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class InterruptsCollectorTests
{
    [Fact]
    public void FixtureGivesOneCounterPerInterruptAndCpuWithoutErrAndMis()
    {
        Assert.Equal(""""
        # HELP node_interrupts_total Interrupt details.
        # TYPE node_interrupts_total counter
        node_interrupts_total{cpu="0",type="0",info="IO-APIC",devices="2-edge timer"} 44
        node_interrupts_total{cpu="1",type="0",info="IO-APIC",devices="2-edge timer"} 0
        node_interrupts_total{cpu="0",type="8",info="IO-APIC",devices="8-edge rtc0"} 0
        node_interrupts_total{cpu="1",type="8",info="IO-APIC",devices="8-edge rtc0"} 1
        node_interrupts_total{cpu="0",type="24",info="PCI-MSI",devices="65536-edge virtio0-config, virtio0-input.0"} 38174
        node_interrupts_total{cpu="1",type="24",info="PCI-MSI",devices="65536-edge virtio0-config, virtio0-input.0"} 12016
        node_interrupts_total{cpu="0",type="NMI",info="Non-maskable interrupts",devices=""} 7
        node_interrupts_total{cpu="1",type="NMI",info="Non-maskable interrupts",devices=""} 9
        node_interrupts_total{cpu="0",type="LOC",info="Local timer interrupts",devices=""} 1.715423e+06
        node_interrupts_total{cpu="1",type="LOC",info="Local timer interrupts",devices=""} 1.698342e+06

        """", NodeFixtures.Collect(new InterruptsCollector(NodeFixtures.Paths)));
    }
}
