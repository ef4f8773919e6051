using System.Net;
using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class NodeExporterCommandLineTests
{
    [Fact]
    public void NoArgumentsServeTheDefaultCollectorsOnPort9100()
    {
        var line = NodeExporterCommandLine.Parse([]);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, 9100), line.ListenAddress);
        Assert.Equal("/metrics", line.TelemetryPath);
        Assert.Equal(NodeCollectorCatalog.Defaults.Order(StringComparer.Ordinal), line.Collectors.Enabled.Order(StringComparer.Ordinal));
        Assert.Equal(NodePaths.Default, line.Collectors.Paths);
        Assert.Equal(TimeSpan.FromSeconds(5), line.Collectors.MountTimeout);
    }

    [Fact]
    public void NodeExporterFlagsInBothSpellings()
    {
        var line = NodeExporterCommandLine.Parse([
            "--web.listen-address=127.0.0.1:9200", "--path.procfs", "/host/proc", "--path.sysfs=/host/sys", "--path.rootfs=/host",
            "--collector.interrupts", "--no-collector.timex", "--collector.filesystem.mount-timeout=1m30s",
            "--collector.netdev.device-exclude=^(lo|veth.*)$", "--web.telemetry-path", "/node",
        ]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9200), line.ListenAddress);
        Assert.Equal("/node", line.TelemetryPath);
        Assert.Equal(new NodePaths("/host/proc", "/host/sys", "/host"), line.Collectors.Paths);
        Assert.Contains("interrupts", line.Collectors.Enabled);
        Assert.DoesNotContain("timex", line.Collectors.Enabled);
        Assert.Contains("cpu", line.Collectors.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(90), line.Collectors.MountTimeout);
        Assert.Equal("^(lo|veth.*)$", line.Collectors.NetdevDeviceExclude);
    }

    [Fact]
    public void TextfileDirectoryRepeatsAndArpFiltersAreTaken()
    {
        var line = NodeExporterCommandLine.Parse([
            "--collector.textfile.directory=/var/lib/node_exporter", "--collector.textfile.directory", "/run/metrics/*",
            "--collector.arp.device-exclude=^veth", "--collector.arp.device-include", "^eth", "--no-collector.textfile",
        ]);
        Assert.Equal(["/var/lib/node_exporter", "/run/metrics/*"], line.Collectors.TextfileDirectories);
        Assert.Equal("^veth", line.Collectors.ArpDeviceExclude);
        Assert.Equal("^eth", line.Collectors.ArpDeviceInclude);
        Assert.DoesNotContain("textfile", line.Collectors.Enabled);
        Assert.Contains("arp", line.Collectors.Enabled);
    }

    [Fact]
    public void NodeExportersDefaultCollectorsAreOnUnlessTheyCostTooMuch()
    {
        var enabled = NodeExporterCommandLine.Parse([]).Collectors.Enabled;
        foreach (var name in (string[])["arp", "btrfs", "edac", "hwmon", "os", "textfile", "thermal_zone", "udp_queues", "xfs"])
        {
            Assert.Contains(name, enabled);
        }
        Assert.Empty(NodeExporterCommandLine.Parse([]).Collectors.TextfileDirectories);
    }

    [Fact]
    public void DisableDefaultsKeepsOnlyTheNamedCollectors()
    {
        var line = NodeExporterCommandLine.Parse(["--collector.cpu", "--collector.disable-defaults", "--collector.meminfo"]);
        Assert.Equal(["cpu", "meminfo"], line.Collectors.Enabled.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--no-such-flag", "unknown long flag '--no-such-flag'")]
    [InlineData("--web.listen-address", "expected a value for --web.listen-address")]
    [InlineData("--web.listen-address=9100", "listen address '9100' is not host:port")]
    [InlineData("--collector.filesystem.mount-timeout=5", "duration '5' is not like 5s or 500ms")]
    [InlineData("stray", "unexpected argument 'stray'")]
    public void BadArgumentsAreNamed(string argument, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => NodeExporterCommandLine.Parse([argument])).Message);

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5000)]
    [InlineData("1.5s", 1500)]
    [InlineData("2m", 120000)]
    public void GoDurations(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), NodeExporterCommandLine.ParseDuration(text));

    [Fact]
    public void HelpIsRecognised() => Assert.True(NodeExporterCommandLine.Parse(["--help"]).Help);

    [Fact]
    public void HwmonChipAndSensorFiltersAreTaken()
    {
        var options = NodeExporterCommandLine.Parse([
            "--collector.hwmon.chip-exclude=^platform_thinkpad_hwmon$", "--collector.hwmon.chip-include", "coretemp",
            "--collector.hwmon.sensor-exclude=platform_coretemp_0;temp3", "--collector.hwmon.sensor-include=;temp",
        ]).Collectors;
        Assert.Equal(("^platform_thinkpad_hwmon$", "coretemp"), (options.HwmonChipExclude, options.HwmonChipInclude));
        Assert.Equal(("platform_coretemp_0;temp3", ";temp"), (options.HwmonSensorExclude, options.HwmonSensorInclude));
    }

    [Fact]
    public void AnHwmonFilterThatIsNotARegularExpressionFailsAtStart()
    {
        var e = Assert.Throws<FormatException>(() => NodeExporterCommandLine.Parse(["--collector.hwmon.chip-include=(coretemp"]));
        Assert.StartsWith("--collector.hwmon.chip-include: '(coretemp' is not a regular expression", e.Message, StringComparison.Ordinal);
    }
}
