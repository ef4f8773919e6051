using System.Buffers.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>hwmon</c> collector: the hardware sensors of /sys/class/hwmon (what lm-sensors shows) as
/// <c>node_hwmon_temp_celsius</c>, <c>node_hwmon_temp_max_celsius</c>, <c>node_hwmon_fan_rpm</c>,
/// <c>node_hwmon_in_volts</c>, <c>node_hwmon_power_watt</c>… <c>{chip,sensor}</c>, with the chips' human names in
/// <c>node_hwmon_chip_names{chip,chip_name}</c> and the sensors' labels in <c>node_hwmon_sensor_label{chip,label,sensor}</c>.
/// Names, units and the chip label (from the monitored device's path, e.g. <c>platform_coretemp_0</c>) follow
/// node_exporter's rules (<see cref="HwmonMetric"/>, <see cref="HwmonNames"/>). Sensor files are read in both the hwmon
/// directory and its device directory, as older drivers keep them there.
/// </summary>
/// <remarks>
/// The chips and their files are listed once a minute, not on every scrape (a chip whose driver loads meanwhile shows
/// up within the minute); a scrape reads one small file per series, kept open. A sensor that refuses a read (some
/// answer EAGAIN) is left out of that scrape; a machine without sensors, as most virtual ones, reports nothing.
/// </remarks>
public sealed class HwmonCollector : IMetricsCollector
{
    /// <summary>node_exporter's sensor types; files of other types (<c>name</c>, <c>uevent</c>…) are not sensors.</summary>
    private static readonly HashSet<string> SensorTypes = new(
        ["vrm", "beep_enable", "update_interval", "in", "cpu", "fan", "pwm", "temp", "curr", "power", "energy", "humidity", "intrusion", "freq"],
        StringComparer.Ordinal);

    private static readonly HwmonMetric ChipNames = new("node_hwmon_chip_names", "Annotation metric for human-readable chip names", MetricFamilyType.Gauge, HwmonConversion.AsIs);
    private static readonly HwmonMetric SensorLabel = new("node_hwmon_sensor_label", "Label for given chip and sensor", MetricFamilyType.Gauge, HwmonConversion.AsIs);

    private readonly string directory;
    private readonly HwmonFilter filter;
    // The open sensor files by path, so a listing keeps the handles of chips still present.
    private Dictionary<string, ProcFile> files = new(StringComparer.Ordinal);
    private Family[] families = [];
    private Relisting relisting;

    public HwmonCollector(NodePaths paths, HwmonFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        directory = paths.SysFile("class/hwmon");
        this.filter = filter ?? HwmonFilter.None;
    }

    public void Collect(MetricsWriter writer)
    {
        if (relisting.Due())
        {
            List();
        }
        foreach (var family in families)
        {
            var headerWritten = false;
            foreach (var series in family.Series)
            {
                var value = 1.0;
                if (series.File is not null && !(series.File.TryRead(out var text) && TryConvert(text, series.Conversion, out value)))
                {
                    continue;
                }
                if (!headerWritten)
                {
                    writer.WriteHeader(family.Header);
                    headerWritten = true;
                }
                writer.BeginSample(family.Metric.Name).Labels(series.Labels).Value(value);
            }
        }
    }

    /// <summary>A sensor file's value: its text without the newline, parsed and scaled; false when it is not a number.</summary>
    internal static bool TryConvert(ReadOnlySpan<byte> text, HwmonConversion conversion, out double value)
    {
        text = text.Trim((byte)'\n');
        if (conversion == HwmonConversion.OneIfOne)
        {
            value = text.SequenceEqual("1"u8) ? 1 : 0;
            return true;
        }
        if (text.IsEmpty || !Utf8Parser.TryParse(text, out value, out var consumed) || consumed != text.Length)
        {
            value = 0;
            return false;
        }
        // The same operations as node_exporter's, so the printed values are the same.
        value = conversion switch
        {
            HwmonConversion.Milli => value * 0.001,
            HwmonConversion.Micro => value / 1000000.0,
            _ => value,
        };
        return true;
    }

    private void List()
    {
        var opened = new Dictionary<string, ProcFile>(StringComparer.Ordinal);
        families = Discover(directory, filter, path =>
        {
            if (!opened.TryGetValue(path, out var file))
            {
                file = files.TryGetValue(path, out var kept) ? kept : new ProcFile(path, 128, FileEnd.ShortRead);
                opened[path] = file;
            }
            return file;
        });
        // Files no series reads any more (a chip gone, a file that failed) are let go.
        var used = families.SelectMany(family => family.Series).Select(series => series.File).OfType<ProcFile>().ToHashSet();
        foreach (var file in files.Values.Concat(opened.Values).Where(file => !used.Contains(file)).Distinct())
        {
            file.Close();
        }
        files = used.ToDictionary(file => file.Path, StringComparer.Ordinal);
    }

    /// <summary>Every chip under <paramref name="classDirectory"/> (/sys/class/hwmon) that <paramref name="filter"/> keeps and the families its kept sensors feed, by name.</summary>
    internal static Family[] Discover(string classDirectory, HwmonFilter filter, Func<string, ProcFile> open)
    {
        if (!Directory.Exists(classDirectory))
        {
            return [];
        }
        var byName = new Dictionary<string, (HwmonMetric Metric, List<Series> Series)>(StringComparer.Ordinal);
        void Add(HwmonMetric metric, Series series)
        {
            if (!byName.TryGetValue(metric.Name, out var family))
            {
                family = byName[metric.Name] = (metric, []);
            }
            family.Series.Add(series);
        }

        // Entries rather than directories: /sys/class keeps its devices as symbolic links.
        foreach (var hwmon in Directory.GetFileSystemEntries(classDirectory).Where(Directory.Exists).Order(StringComparer.Ordinal))
        {
            if (HwmonNames.Chip(hwmon) is not { } chip || filter.IgnoresChip(chip))
            {
                continue;
            }
            if (HwmonNames.HumanName(hwmon) is { } humanName)
            {
                Add(ChipNames, new Series([new("chip", chip), new("chip_name", humanName)], null, HwmonConversion.AsIs));
            }
            foreach (var (sensor, properties) in SensorFiles(hwmon, open))
            {
                if (!filter.IgnoresSensor(chip, sensor))
                {
                    AddSensor(chip, sensor, properties, Add);
                }
            }
        }
        return byName.Values
            .OrderBy(family => family.Metric.Name, StringComparer.Ordinal)
            .Select(family => new Family(family.Metric, new MetricHeader(family.Metric.Name, family.Metric.Type, family.Metric.Help), family.Series
                .DistinctBy(series => LabelKey(series.Labels), StringComparer.Ordinal)
                .OrderBy(series => LabelKey(series.Labels), StringComparer.Ordinal)
                .ToArray()))
            .ToArray();
    }

    /// <summary>One sensor's families, from its readable files by property (<c>input</c>, <c>max</c>, <c>label</c>, "" for the whole value).</summary>
    private static void AddSensor(string chip, string sensor, SortedDictionary<string, ProcFile> properties, Action<HwmonMetric, Series> add)
    {
        HwmonFileName.TryParse(sensor, out var name);
        string? label = null;
        if (properties.TryGetValue("label", out var labelFile) && labelFile.TryRead(out var labelText))
        {
            label = System.Text.Encoding.UTF8.GetString(labelText.Trim((byte)'\n'));
            add(SensorLabel, new Series([new("chip", chip), new("label", label), new("sensor", sensor)], null, HwmonConversion.AsIs));
        }
        if (HwmonMetric.ForWholeValueType(name.Type) is { } whole)
        {
            if (properties.TryGetValue("", out var file))
            {
                add(whole, new Series([new("chip", chip), new("sensor", sensor)], file, whole.Conversion));
            }
            return;
        }
        foreach (var (element, file) in properties)
        {
            if (HwmonMetric.For(name.Type, element, properties.ContainsKey(""), label is not null) is not { } metric)
            {
                continue;
            }
            // A GPU clock stands under its cleaned label (sclk), as node_exporter reports it.
            var sensorLabel = name.Type == "freq" && element == "input" ? HwmonNames.Clean(label!) : sensor;
            add(metric, new Series([new("chip", chip), new("sensor", sensorLabel)], file, metric.Conversion));
        }
    }

    /// <summary>The readable sensor files of a hwmon directory and of its device directory, by sensor and property.</summary>
    private static SortedDictionary<string, SortedDictionary<string, ProcFile>> SensorFiles(string hwmon, Func<string, ProcFile> open)
    {
        var sensors = new SortedDictionary<string, SortedDictionary<string, ProcFile>>(StringComparer.Ordinal);
        var device = Path.Join(hwmon, "device");
        foreach (var directory in Directory.Exists(device) ? [hwmon, device] : new[] { hwmon })
        {
            foreach (var path in Directory.GetFileSystemEntries(directory).Order(StringComparer.Ordinal))
            {
                if (!HwmonFileName.TryParse(Path.GetFileName(path), out var name) || !SensorTypes.Contains(name.Type))
                {
                    continue;
                }
                var file = open(path);
                if (!file.TryRead(out _))
                {
                    continue;
                }
                if (!sensors.TryGetValue(name.Sensor, out var properties))
                {
                    properties = sensors[name.Sensor] = new SortedDictionary<string, ProcFile>(StringComparer.Ordinal);
                }
                // The device directory's file wins over the hwmon directory's, as in node_exporter.
                properties[name.Property] = file;
            }
        }
        return sensors;
    }

    /// <summary>The label values in label-name order, for sorting a family's series as client_golang sorts them.</summary>
    private static string LabelKey(Label[] labels) => string.Join('\xff', labels.Select(label => label.Value));

    internal sealed record Series(Label[] Labels, ProcFile? File, HwmonConversion Conversion);

    /// <summary>A family of the listing, its header encoded once for the scrapes until the next listing.</summary>
    internal sealed record Family(HwmonMetric Metric, MetricHeader Header, Series[] Series);
}
