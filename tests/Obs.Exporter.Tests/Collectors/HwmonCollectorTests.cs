using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class HwmonCollectorTests
{
    /// <summary>
    /// Five chips: coretemp and a Super I/O chip named after their platform devices, a GPU after its PCI path, an ACPI
    /// zone without a device after its name file, and an older driver whose files sit in its device directory.
    /// </summary>
    [Fact]
    public void FixtureGivesNodeExportersFamiliesInBaseUnitsWithChipsNamedAfterTheirDevices()
    {
        Assert.Equal(""""
        # HELP node_hwmon_beep_enabled Hardware beep enabled
        # TYPE node_hwmon_beep_enabled gauge
        node_hwmon_beep_enabled{chip="platform_nct6775_656",sensor="beep_enable0"} 1
        # HELP node_hwmon_chip_names Annotation metric for human-readable chip names
        # TYPE node_hwmon_chip_names gauge
        node_hwmon_chip_names{chip="0000:00:01_0_0000:01:00_0",chip_name="amdgpu"} 1
        node_hwmon_chip_names{chip="acpitz",chip_name="acpitz"} 1
        node_hwmon_chip_names{chip="platform_coretemp_0",chip_name="coretemp"} 1
        node_hwmon_chip_names{chip="platform_nct6775_656",chip_name="nct6779"} 1
        # HELP node_hwmon_cpu_vid_volts Hardware monitor for voltage (vid)
        # TYPE node_hwmon_cpu_vid_volts gauge
        node_hwmon_cpu_vid_volts{chip="platform_nct6775_656",sensor="cpu0"} 1.1
        # HELP node_hwmon_curr_amps Hardware monitor for current (input)
        # TYPE node_hwmon_curr_amps gauge
        node_hwmon_curr_amps{chip="0000:00:01_0_0000:01:00_0",sensor="curr1"} 2.5
        # HELP node_hwmon_energy_joule_total Hardware monitor for joules used so far (input)
        # TYPE node_hwmon_energy_joule_total counter
        node_hwmon_energy_joule_total{chip="0000:00:01_0_0000:01:00_0",sensor="energy1"} 123.456789
        # HELP node_hwmon_fan_alarm Hardware sensor alarm status (fan)
        # TYPE node_hwmon_fan_alarm gauge
        node_hwmon_fan_alarm{chip="platform_nct6775_656",sensor="fan1"} 0
        # HELP node_hwmon_fan_min_rpm Hardware monitor for fan revolutions per minute (min)
        # TYPE node_hwmon_fan_min_rpm gauge
        node_hwmon_fan_min_rpm{chip="platform_nct6775_656",sensor="fan1"} 300
        # HELP node_hwmon_fan_pulses Hardware monitor fan element pulses
        # TYPE node_hwmon_fan_pulses gauge
        node_hwmon_fan_pulses{chip="platform_nct6775_656",sensor="fan1"} 2
        # HELP node_hwmon_fan_rpm Hardware monitor for fan revolutions per minute (input)
        # TYPE node_hwmon_fan_rpm gauge
        node_hwmon_fan_rpm{chip="platform_it87_656",sensor="fan1"} 900
        node_hwmon_fan_rpm{chip="platform_nct6775_656",sensor="fan1"} 1200
        # HELP node_hwmon_freq_freq_mhz Hardware monitor for GPU frequency in MHz
        # TYPE node_hwmon_freq_freq_mhz gauge
        node_hwmon_freq_freq_mhz{chip="0000:00:01_0_0000:01:00_0",sensor="sclk"} 1000
        # HELP node_hwmon_humidity Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (input)
        # TYPE node_hwmon_humidity gauge
        node_hwmon_humidity{chip="0000:00:01_0_0000:01:00_0",sensor="humidity1"} 0.45
        # HELP node_hwmon_in_alarm Hardware sensor alarm status (in)
        # TYPE node_hwmon_in_alarm gauge
        node_hwmon_in_alarm{chip="platform_nct6775_656",sensor="in0"} 0
        # HELP node_hwmon_in_beep_enabled Hardware monitor sensor has beeping enabled
        # TYPE node_hwmon_in_beep_enabled gauge
        node_hwmon_in_beep_enabled{chip="platform_nct6775_656",sensor="in0"} 0
        # HELP node_hwmon_in_max_volts Hardware monitor for voltage (max)
        # TYPE node_hwmon_in_max_volts gauge
        node_hwmon_in_max_volts{chip="platform_nct6775_656",sensor="in0"} 1.744
        # HELP node_hwmon_in_min_volts Hardware monitor for voltage (min)
        # TYPE node_hwmon_in_min_volts gauge
        node_hwmon_in_min_volts{chip="platform_nct6775_656",sensor="in0"} 0
        # HELP node_hwmon_in_volts Hardware monitor for voltage (input)
        # TYPE node_hwmon_in_volts gauge
        node_hwmon_in_volts{chip="platform_nct6775_656",sensor="in0"} 1.032
        # HELP node_hwmon_intrusion_alarm Hardware sensor alarm status (intrusion)
        # TYPE node_hwmon_intrusion_alarm gauge
        node_hwmon_intrusion_alarm{chip="platform_nct6775_656",sensor="intrusion0"} 1
        # HELP node_hwmon_power_average_interval_seconds Hardware monitor power usage update interval (average_interval)
        # TYPE node_hwmon_power_average_interval_seconds gauge
        node_hwmon_power_average_interval_seconds{chip="0000:00:01_0_0000:01:00_0",sensor="power1"} 1
        # HELP node_hwmon_power_average_watt Hardware monitor for power usage in watts (average)
        # TYPE node_hwmon_power_average_watt gauge
        node_hwmon_power_average_watt{chip="0000:00:01_0_0000:01:00_0",sensor="power1"} 35
        # HELP node_hwmon_power_cap_watt Hardware monitor for power usage in watts (cap)
        # TYPE node_hwmon_power_cap_watt gauge
        node_hwmon_power_cap_watt{chip="0000:00:01_0_0000:01:00_0",sensor="power1"} 150
        # HELP node_hwmon_power_watt Hardware monitor for power usage in watts (input)
        # TYPE node_hwmon_power_watt gauge
        node_hwmon_power_watt{chip="0000:00:01_0_0000:01:00_0",sensor="power1"} 34
        # HELP node_hwmon_pwm Hardware monitor pwm element 
        # TYPE node_hwmon_pwm gauge
        node_hwmon_pwm{chip="platform_nct6775_656",sensor="pwm1"} 128
        # HELP node_hwmon_pwm_enable Hardware monitor pwm element enable
        # TYPE node_hwmon_pwm_enable gauge
        node_hwmon_pwm_enable{chip="platform_nct6775_656",sensor="pwm1"} 5
        # HELP node_hwmon_sensor_label Label for given chip and sensor
        # TYPE node_hwmon_sensor_label gauge
        node_hwmon_sensor_label{chip="0000:00:01_0_0000:01:00_0",label="edge",sensor="temp1"} 1
        node_hwmon_sensor_label{chip="0000:00:01_0_0000:01:00_0",label="sclk",sensor="freq1"} 1
        node_hwmon_sensor_label{chip="platform_coretemp_0",label="Core 0",sensor="temp2"} 1
        node_hwmon_sensor_label{chip="platform_coretemp_0",label="Package id 0",sensor="temp1"} 1
        node_hwmon_sensor_label{chip="platform_nct6775_656",label="SYSTIN",sensor="temp7"} 1
        # HELP node_hwmon_temp_celsius Hardware monitor for temperature (input)
        # TYPE node_hwmon_temp_celsius gauge
        node_hwmon_temp_celsius{chip="0000:00:01_0_0000:01:00_0",sensor="temp1"} 51
        node_hwmon_temp_celsius{chip="acpitz",sensor="temp1"} 27.8
        node_hwmon_temp_celsius{chip="platform_coretemp_0",sensor="temp1"} 45
        node_hwmon_temp_celsius{chip="platform_coretemp_0",sensor="temp2"} 43.5
        node_hwmon_temp_celsius{chip="platform_it87_656",sensor="temp1"} 30
        node_hwmon_temp_celsius{chip="platform_nct6775_656",sensor="temp7"} 38
        # HELP node_hwmon_temp_crit_alarm_celsius Hardware monitor for temperature (crit_alarm)
        # TYPE node_hwmon_temp_crit_alarm_celsius gauge
        node_hwmon_temp_crit_alarm_celsius{chip="platform_coretemp_0",sensor="temp1"} 0
        node_hwmon_temp_crit_alarm_celsius{chip="platform_coretemp_0",sensor="temp2"} 0
        # HELP node_hwmon_temp_crit_celsius Hardware monitor for temperature (crit)
        # TYPE node_hwmon_temp_crit_celsius gauge
        node_hwmon_temp_crit_celsius{chip="0000:00:01_0_0000:01:00_0",sensor="temp1"} 100
        node_hwmon_temp_crit_celsius{chip="acpitz",sensor="temp1"} 105
        node_hwmon_temp_crit_celsius{chip="platform_coretemp_0",sensor="temp1"} 100
        node_hwmon_temp_crit_celsius{chip="platform_coretemp_0",sensor="temp2"} 100
        # HELP node_hwmon_temp_max_celsius Hardware monitor for temperature (max)
        # TYPE node_hwmon_temp_max_celsius gauge
        node_hwmon_temp_max_celsius{chip="platform_coretemp_0",sensor="temp1"} 80
        node_hwmon_temp_max_celsius{chip="platform_coretemp_0",sensor="temp2"} 80
        # HELP node_hwmon_temp_type Hardware monitor temp element type
        # TYPE node_hwmon_temp_type gauge
        node_hwmon_temp_type{chip="platform_nct6775_656",sensor="temp7"} 4
        # HELP node_hwmon_update_interval_seconds Hardware monitor update interval
        # TYPE node_hwmon_update_interval_seconds gauge
        node_hwmon_update_interval_seconds{chip="platform_nct6775_656",sensor="update_interval0"} 1
        # HELP node_hwmon_voltage_regulator_version Hardware voltage regulator
        # TYPE node_hwmon_voltage_regulator_version gauge
        node_hwmon_voltage_regulator_version{chip="platform_nct6775_656",sensor="vrm0"} 11

        """", NodeFixtures.Collect(new HwmonCollector(NodeFixtures.Paths)));
    }

    [Fact]
    public void AMachineWithoutHwmonReportsNothing()
    {
        using var directory = new TemporaryDirectory();
        Assert.Equal("", NodeFixtures.Collect(new HwmonCollector(new NodePaths(Sys: directory.Path))));
        directory.Write("class/hwmon/.keep", "");
        Assert.Equal("", NodeFixtures.Collect(new HwmonCollector(new NodePaths(Sys: directory.Path))));
    }

    [Fact]
    public void ASensorWhoseValueIsNotANumberIsLeftOutAndTheRestReported()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("class/hwmon/hwmon0/name", "nvme\n");
        directory.Write("class/hwmon/hwmon0/temp1_input", "N/A\n");
        directory.Write("class/hwmon/hwmon0/temp2_input", "-1500\n");
        directory.Write("class/hwmon/hwmon0/temp2_label", "Sensor 1\n");
        Assert.Equal(""""
        # HELP node_hwmon_chip_names Annotation metric for human-readable chip names
        # TYPE node_hwmon_chip_names gauge
        node_hwmon_chip_names{chip="nvme",chip_name="nvme"} 1
        # HELP node_hwmon_sensor_label Label for given chip and sensor
        # TYPE node_hwmon_sensor_label gauge
        node_hwmon_sensor_label{chip="nvme",label="Sensor 1",sensor="temp2"} 1
        # HELP node_hwmon_temp_celsius Hardware monitor for temperature (input)
        # TYPE node_hwmon_temp_celsius gauge
        node_hwmon_temp_celsius{chip="nvme",sensor="temp2"} -1.5

        """", NodeFixtures.Collect(new HwmonCollector(new NodePaths(Sys: directory.Path))));
    }

    [Fact]
    public void AChipWithNeitherDeviceNorNameIsNamedAfterItsDirectory()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("class/hwmon/hwmon7/fan2_input", "2000\n");
        Assert.Contains("node_hwmon_fan_rpm{chip=\"hwmon7\",sensor=\"fan2\"} 2000\n",
            NodeFixtures.Collect(new HwmonCollector(new NodePaths(Sys: directory.Path))), StringComparison.Ordinal);
    }

    [Fact]
    public void ASensorWithAWholeValueFileNamesItsInputFamilyInput()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("class/hwmon/hwmon0/name", "chip\n");
        directory.Write("class/hwmon/hwmon0/temp1", "20000\n");
        directory.Write("class/hwmon/hwmon0/temp1_input", "21000\n");
        var text = NodeFixtures.Collect(new HwmonCollector(new NodePaths(Sys: directory.Path)));
        Assert.Contains("node_hwmon_temp_celsius{chip=\"chip\",sensor=\"temp1\"} 20\n", text, StringComparison.Ordinal);
        Assert.Contains("node_hwmon_temp_input_celsius{chip=\"chip\",sensor=\"temp1\"} 21\n", text, StringComparison.Ordinal);
    }

    /// <summary>Two chips named by their name files, each with a labelled temp1 and temp2.</summary>
    private static TemporaryDirectory TwoChips()
    {
        var directory = new TemporaryDirectory();
        foreach (var (hwmon, chip) in new[] { ("hwmon0", "chipa"), ("hwmon1", "chipb") })
        {
            directory.Write($"class/hwmon/{hwmon}/name", chip + "\n");
            directory.Write($"class/hwmon/{hwmon}/temp1_input", "41000\n");
            directory.Write($"class/hwmon/{hwmon}/temp1_label", "Core 0\n");
            directory.Write($"class/hwmon/{hwmon}/temp2_input", "42000\n");
        }
        return directory;
    }

    private static string[] Series(TemporaryDirectory directory, HwmonFilter filter) =>
        NodeFixtures.Collect(new HwmonCollector(new NodePaths(Sys: directory.Path), filter)).Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#')).ToArray();

    [Fact]
    public void AnExcludedChipLeavesEveryFamilyItsNameAndItsLabels()
    {
        using var directory = TwoChips();
        Assert.Equal([
            "node_hwmon_chip_names{chip=\"chipb\",chip_name=\"chipb\"} 1",
            "node_hwmon_sensor_label{chip=\"chipb\",label=\"Core 0\",sensor=\"temp1\"} 1",
            "node_hwmon_temp_celsius{chip=\"chipb\",sensor=\"temp1\"} 41",
            "node_hwmon_temp_celsius{chip=\"chipb\",sensor=\"temp2\"} 42",
        ], Series(directory, new HwmonFilter(chipExclude: "a$", chipInclude: "", sensorExclude: "", sensorInclude: "")));
    }

    [Fact]
    public void ChipIncludeKeepsOnlyTheChipsItMatchesUnanchored()
    {
        using var directory = TwoChips();
        var series = Series(directory, new HwmonFilter(chipExclude: "", chipInclude: "pa", sensorExclude: "", sensorInclude: ""));
        Assert.Equal(4, series.Length);
        Assert.All(series, line => Assert.Contains("chip=\"chipa\"", line, StringComparison.Ordinal));
    }

    [Fact]
    public void ASensorIsMatchedAsChipSemicolonSensorSoOneChipsSensorCanBeLeftOut()
    {
        using var directory = TwoChips();
        Assert.Equal([
            "node_hwmon_chip_names{chip=\"chipa\",chip_name=\"chipa\"} 1",
            "node_hwmon_chip_names{chip=\"chipb\",chip_name=\"chipb\"} 1",
            "node_hwmon_sensor_label{chip=\"chipb\",label=\"Core 0\",sensor=\"temp1\"} 1",
            "node_hwmon_temp_celsius{chip=\"chipa\",sensor=\"temp2\"} 42",
            "node_hwmon_temp_celsius{chip=\"chipb\",sensor=\"temp1\"} 41",
            "node_hwmon_temp_celsius{chip=\"chipb\",sensor=\"temp2\"} 42",
        ], Series(directory, new HwmonFilter(chipExclude: "", chipInclude: "", sensorExclude: "^chipa;temp1$", sensorInclude: "")));
    }

    [Fact]
    public void SensorIncludeKeepsOnlyMatchingSensorsButEveryChipsName()
    {
        using var directory = TwoChips();
        Assert.Equal([
            "node_hwmon_chip_names{chip=\"chipa\",chip_name=\"chipa\"} 1",
            "node_hwmon_chip_names{chip=\"chipb\",chip_name=\"chipb\"} 1",
            "node_hwmon_temp_celsius{chip=\"chipa\",sensor=\"temp2\"} 42",
            "node_hwmon_temp_celsius{chip=\"chipb\",sensor=\"temp2\"} 42",
        ], Series(directory, new HwmonFilter(chipExclude: "", chipInclude: "", sensorExclude: "", sensorInclude: ";temp2$")));
    }

    [Fact]
    public void TheFixtureWithoutItsGpuHasNoSeriesOfIt()
    {
        var all = NodeFixtures.Collect(new HwmonCollector(NodeFixtures.Paths));
        var filtered = NodeFixtures.Collect(new HwmonCollector(NodeFixtures.Paths, new HwmonFilter("^0000:", "", "", "")));
        Assert.Contains("chip=\"0000:00:01_0_0000:01:00_0\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain("chip=\"0000:", filtered, StringComparison.Ordinal);
        // What is left is exactly the other chips' lines, families without a series dropping their header.
        Assert.Equal(all.Split('\n').Where(l => !l.StartsWith('#') && !l.Contains("chip=\"0000:", StringComparison.Ordinal)),
            filtered.Split('\n').Where(l => !l.StartsWith('#')));
    }

    [Theory]
    [InlineData("temp1_crit_alarm", "temp", 1, "crit_alarm")]
    [InlineData("in0_input", "in", 0, "input")]
    [InlineData("pwm1", "pwm", 1, "")]
    [InlineData("beep_enable", "beep_enable", 0, "")]
    [InlineData("pwm2_auto_point1_pwm", "pwm", 2, "auto_point1_pwm")]
    [InlineData("temp_x1y", "temp", 0, "x1y")]
    public void FileNamesSplitIntoTypeNumberAndProperty(string fileName, string type, int number, string property)
    {
        Assert.True(HwmonFileName.TryParse(fileName, out var name));
        Assert.Equal(new HwmonFileName(type, number, property), name);
    }

    [Theory]
    [InlineData("1temp")]
    [InlineData("temp1x")]
    [InlineData("temp1_")]
    [InlineData("temp99999999999_input")]
    public void FileNamesOutsideThePatternAreNoSensors(string fileName) => Assert.False(HwmonFileName.TryParse(fileName, out _));

    [Theory]
    [InlineData("Package id 0\n", "package_id_0")]
    [InlineData("coretemp.0", "coretemp_0")]
    [InlineData("__A-b:c__", "a_b:c")]
    public void NamesAreCleanedAsNodeExporterCleansThem(string text, string cleaned) => Assert.Equal(cleaned, HwmonNames.Clean(text));
}
