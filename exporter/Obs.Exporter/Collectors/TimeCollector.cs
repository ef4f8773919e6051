using System.Runtime.InteropServices;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_time_seconds</c>, <c>node_time_zone_offset_seconds{time_zone}</c> (the zone's abbreviation as
/// libc's localtime gives it, e.g. <c>CET</c>) and the clocksources of /sys/devices/system/clocksource.
/// </summary>
public sealed class TimeCollector : IMetricsCollector
{
    private const string AvailableName = "node_time_clocksource_available_info";
    private const string CurrentName = "node_time_clocksource_current_info";

    private readonly (string Device, ProcFile Available, ProcFile Current)[] clocksources;
    private IntPtr zonePointer;
    private string zoneName = "";

    public TimeCollector(NodePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var directory = paths.SysFile("devices/system/clocksource");
        clocksources = Directory.Exists(directory)
            ? Directory.GetDirectories(directory, "clocksource*")
                .Select(path => (Path.GetFileName(path)["clocksource".Length..],
                    new ProcFile(Path.Join(path, "available_clocksource"), 256, FileEnd.ShortRead), new ProcFile(Path.Join(path, "current_clocksource"), 64, FileEnd.ShortRead)))
                .Where(source => source.Item1.Length > 0 && source.Item1.All(char.IsAsciiDigit))
                .OrderBy(source => int.Parse(source.Item1, System.Globalization.CultureInfo.InvariantCulture))
                .ToArray()
            : [];
    }

    public void Collect(MetricsWriter writer)
    {
        var now = DateTimeOffset.UtcNow;
        var seconds = now.ToUnixTimeSeconds();
        LibC.LocalTime(ref seconds, out var local);
        if (local.Zone != zonePointer)
        {
            // libc's zone names live in static storage, so the pointer identifies the name between scrapes.
            zonePointer = local.Zone;
            zoneName = Marshal.PtrToStringUTF8(local.Zone) ?? "";
        }
        WriteTime((now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond, zoneName, local.GmtOffset, writer);

        var headerWritten = false;
        foreach (var (device, available, _) in clocksources)
        {
            if (!available.TryRead(out var text))
            {
                continue;
            }
            if (!headerWritten)
            {
                writer.WriteHeader(AvailableName, MetricFamilyType.Gauge, "Available clocksources read from '/sys/devices/system/clocksource'.");
                headerWritten = true;
            }
            for (var source = ProcText.NextField(ref text); !source.IsEmpty; source = ProcText.NextField(ref text))
            {
                writer.BeginSample(AvailableName).Label("clocksource", source).Label("device", device).Value(1.0);
            }
        }
        headerWritten = false;
        foreach (var (device, _, current) in clocksources)
        {
            if (!current.TryRead(out var text))
            {
                continue;
            }
            if (!headerWritten)
            {
                writer.WriteHeader(CurrentName, MetricFamilyType.Gauge, "Current clocksource read from '/sys/devices/system/clocksource'.");
                headerWritten = true;
            }
            writer.BeginSample(CurrentName).Label("clocksource", ProcText.Trim(text)).Label("device", device).Value(1.0);
        }
    }

    public static void WriteTime(double unixSeconds, string zone, long zoneOffsetSeconds, MetricsWriter writer)
    {
        writer.WriteHeader("node_time_seconds", MetricFamilyType.Gauge, "System time in seconds since epoch (1970).");
        writer.WriteSample("node_time_seconds", unixSeconds);
        writer.WriteHeader("node_time_zone_offset_seconds", MetricFamilyType.Gauge, "System time zone offset in seconds.");
        writer.BeginSample("node_time_zone_offset_seconds").Label("time_zone", zone).Value((double)zoneOffsetSeconds);
    }
}
