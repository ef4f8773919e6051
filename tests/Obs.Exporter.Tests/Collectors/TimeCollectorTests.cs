using Obs.Exporter.Collectors;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.Collectors;

public sealed class TimeCollectorTests
{
    [Fact]
    public void TimeAndZoneAreGauges()
    {
        Assert.Equal(""""
        # HELP node_time_seconds System time in seconds since epoch (1970).
        # TYPE node_time_seconds gauge
        node_time_seconds 1.7000000005e+09
        # HELP node_time_zone_offset_seconds System time zone offset in seconds.
        # TYPE node_time_zone_offset_seconds gauge
        node_time_zone_offset_seconds{time_zone="CET"} 3600

        """", Rendered.Text(writer => TimeCollector.WriteTime(1700000000.5, "CET", 3600, writer)));
    }

    [Fact]
    public void FixtureClocksourcesAndTheCurrentTime()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var text = NodeFixtures.Collect(new TimeCollector(NodeFixtures.Paths));
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + 0.001;

        Assert.EndsWith(""""
        # HELP node_time_clocksource_available_info Available clocksources read from '/sys/devices/system/clocksource'.
        # TYPE node_time_clocksource_available_info gauge
        node_time_clocksource_available_info{clocksource="tsc",device="0"} 1
        node_time_clocksource_available_info{clocksource="hpet",device="0"} 1
        node_time_clocksource_available_info{clocksource="acpi_pm",device="0"} 1
        # HELP node_time_clocksource_current_info Current clocksource read from '/sys/devices/system/clocksource'.
        # TYPE node_time_clocksource_current_info gauge
        node_time_clocksource_current_info{clocksource="tsc",device="0"} 1

        """", text, StringComparison.Ordinal);
        var line = text.Split('\n').Single(l => l.StartsWith("node_time_seconds ", StringComparison.Ordinal));
        var seconds = double.Parse(line["node_time_seconds ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, before, after);
        Assert.Contains("node_time_zone_offset_seconds{time_zone=\"", text, StringComparison.Ordinal);
    }
}
