using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class ThermalZoneCollectorTests
{
    [Fact]
    public void FixtureGivesZoneTemperaturesInCelsiusAndCoolingStates()
    {
        Assert.Equal(""""
        # HELP node_thermal_zone_temp Zone temperature in Celsius
        # TYPE node_thermal_zone_temp gauge
        node_thermal_zone_temp{type="x86_pkg_temp",zone="0"} 45
        node_thermal_zone_temp{type="acpitz",zone="1"} -2.5
        # HELP node_cooling_device_cur_state Current throttle state of the cooling device
        # TYPE node_cooling_device_cur_state gauge
        node_cooling_device_cur_state{name="0",type="Processor"} 1
        # HELP node_cooling_device_max_state Maximum throttle state of the cooling device
        # TYPE node_cooling_device_max_state gauge
        node_cooling_device_max_state{name="0",type="Processor"} 3

        """", NodeFixtures.Collect(new ThermalZoneCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void AMachineWithoutThermalZonesReportsNothing()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new ThermalZoneCollector(new NodePaths(Sys: directory.Path))));
    }

    [Fact]
    public void AZoneWhoseSensorCannotBeReadIsLeftOut()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("class/thermal/thermal_zone3/type", "acpitz\n");
        directory.Write("class/thermal/thermal_zone4/type", "pch\n");
        directory.Write("class/thermal/thermal_zone4/temp", "38000\n");
        Assert.Equal(""""
        # HELP node_thermal_zone_temp Zone temperature in Celsius
        # TYPE node_thermal_zone_temp gauge
        node_thermal_zone_temp{type="pch",zone="4"} 38

        """", NodeFixtures.Collect(new ThermalZoneCollector(new NodePaths(Sys: directory.Path))));
    }
}
