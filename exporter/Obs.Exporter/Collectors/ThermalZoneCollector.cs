using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>thermal_zone</c> collector from /sys/class/thermal: <c>node_thermal_zone_temp{zone,type}</c>
/// (millidegrees in sysfs, degrees Celsius here) and the cooling devices' <c>node_cooling_device_cur_state</c> and
/// <c>node_cooling_device_max_state{name,type}</c>. Zones and devices are found once, their types read once; a scrape
/// reads one file per zone and two per device. Virtual machines usually have none: then nothing is reported.
/// A zone whose sensor refuses a read (some answer EAGAIN or ENODATA) is left out of that scrape.
/// </summary>
public sealed class ThermalZoneCollector : IMetricsCollector
{
    private const string TempName = "node_thermal_zone_temp";
    private const string CurStateName = "node_cooling_device_cur_state";
    private const string MaxStateName = "node_cooling_device_max_state";

    private readonly Device[] zones;
    private readonly Device[] coolingDevices;

    public ThermalZoneCollector(NodePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var directory = paths.SysFile("class/thermal");
        zones = Find(directory, "thermal_zone", "temp", null);
        coolingDevices = Find(directory, "cooling_device", "cur_state", "max_state");
    }

    public void Collect(MetricsWriter writer)
    {
        var headerWritten = false;
        foreach (var zone in zones)
        {
            if (!zone.First.TryRead(out var text))
            {
                continue;
            }
            var millidegrees = ProcText.ParseInt64(ProcText.Trim(text));
            if (!headerWritten)
            {
                writer.WriteHeader(TempName, MetricFamilyType.Gauge, "Zone temperature in Celsius");
                headerWritten = true;
            }
            writer.BeginSample(TempName).Label("type", zone.Type).Label("zone", zone.Name).Value(millidegrees / 1000.0);
        }
        WriteStates(writer, CurStateName, "Current throttle state of the cooling device", first: true);
        WriteStates(writer, MaxStateName, "Maximum throttle state of the cooling device", first: false);
    }

    private void WriteStates(MetricsWriter writer, string name, string help, bool first)
    {
        var headerWritten = false;
        foreach (var device in coolingDevices)
        {
            if (!(first ? device.First : device.Second!).TryRead(out var text))
            {
                continue;
            }
            var state = ProcText.ParseInt64(ProcText.Trim(text));
            if (!headerWritten)
            {
                writer.WriteHeader(name, MetricFamilyType.Gauge, help);
                headerWritten = true;
            }
            writer.BeginSample(name).Label("name", device.Name).Label("type", device.Type).Value(state);
        }
    }

    /// <summary>The <c>prefixN</c> directories, numbered in order, with their type and the files a scrape reads.</summary>
    private static Device[] Find(string directory, string prefix, string first, string? second)
    {
        return NumberedDirectories.Find(directory, prefix)
            .Where(entry => File.Exists(Path.Join(entry.Path, "type")))
            .Select(entry => new Device(
                entry.Number,
                File.ReadAllText(Path.Join(entry.Path, "type")).Trim(),
                new ProcFile(Path.Join(entry.Path, first), 64, FileEnd.ShortRead),
                second is null ? null : new ProcFile(Path.Join(entry.Path, second), 64, FileEnd.ShortRead)))
            .ToArray();
    }

    private sealed record Device(string Name, string Type, ProcFile First, ProcFile? Second);
}
