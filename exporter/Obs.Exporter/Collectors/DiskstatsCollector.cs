using System.Text;
using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// The <c>node_disk_*</c> families from /proc/diskstats (sectors are 512 bytes whatever the device's block
/// size; times are milliseconds), and <c>node_disk_info</c> with udev's labels. The discard (kernel 4.18+)
/// and flush (5.5+) columns are written only when the kernel has them. Devices matching
/// <c>--collector.diskstats.device-exclude</c> (partitions, ram, loop) are left out.
/// </summary>
public sealed class DiskstatsCollector : IMetricsCollector
{
    private const int Columns = 17;
    private const double SectorBytes = 512;
    private const double Millisecond = 0.001;

    private static readonly Family[] Families =
    [
        new("node_disk_reads_completed_total", "The total number of reads completed successfully.", 1),
        new("node_disk_reads_merged_total", "The total number of reads merged.", 1),
        new("node_disk_read_bytes_total", "The total number of bytes read successfully.", SectorBytes),
        new("node_disk_read_time_seconds_total", "The total number of seconds spent by all reads.", Millisecond),
        new("node_disk_writes_completed_total", "The total number of writes completed successfully.", 1),
        new("node_disk_writes_merged_total", "The number of writes merged.", 1),
        new("node_disk_written_bytes_total", "The total number of bytes written successfully.", SectorBytes),
        new("node_disk_write_time_seconds_total", "This is the total number of seconds spent by all writes.", Millisecond),
        new("node_disk_io_now", "The number of I/Os currently in progress.", 1, MetricFamilyType.Gauge),
        new("node_disk_io_time_seconds_total", "Total seconds spent doing I/Os.", Millisecond),
        new("node_disk_io_time_weighted_seconds_total", "The weighted # of seconds spent doing I/Os.", Millisecond),
        new("node_disk_discards_completed_total", "The total number of discards completed successfully.", 1),
        new("node_disk_discards_merged_total", "The total number of discards merged.", 1),
        new("node_disk_discarded_sectors_total", "The total number of sectors discarded successfully.", 1),
        new("node_disk_discard_time_seconds_total", "This is the total number of seconds spent by all discards.", Millisecond),
        new("node_disk_flush_requests_total", "The total number of flush requests completed successfully", 1),
        new("node_disk_flush_requests_time_seconds_total", "This is the total number of seconds spent by all flush requests.", Millisecond),
    ];

    private readonly ProcFile file;
    private readonly DeviceCache<Disk> disks;
    private Disk[] rows = new Disk[16];
    private Range[] names = new Range[16];
    private int[] columnCounts = new int[16];
    private ulong[] values = new ulong[16 * Columns];

    public DiskstatsCollector(NodePaths paths, string deviceExclude = @"^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$")
    {
        file = new ProcFile(paths.ProcFile("diskstats"), 16 * 1024);
        var pattern = string.IsNullOrEmpty(deviceExclude) ? null : new Regex(deviceExclude, RegexOptions.CultureInvariant);
        var udevData = paths.RootFile("/run/udev/data");
        disks = new DeviceCache<Disk>(name =>
        {
            var device = Encoding.UTF8.GetString(name);
            return pattern is not null && pattern.IsMatch(device) ? Disk.Excluded : new Disk(device, paths, udevData);
        });
    }

    public void Collect(MetricsWriter writer) => Write(file.Read(), writer);

    public void Write(ReadOnlySpan<byte> text, MetricsWriter writer)
    {
        var devices = 0;
        var rest = text;
        var position = 0;
        while (ProcText.NextLine(ref rest, out var line))
        {
            var lineStart = position;
            position += line.Length + 1;
            var fields = line;
            var major = ProcText.NextField(ref fields);
            var minor = ProcText.NextField(ref fields);
            var name = ProcText.NextField(ref fields);
            if (name.IsEmpty)
            {
                continue;
            }
            var disk = disks.Get(name);
            if (ReferenceEquals(disk, Disk.Excluded))
            {
                continue;
            }
            if (devices == rows.Length)
            {
                Array.Resize(ref rows, devices * 2);
                Array.Resize(ref names, devices * 2);
                Array.Resize(ref columnCounts, devices * 2);
                Array.Resize(ref values, devices * 2 * Columns);
            }
            disk.Identify(major, minor);
            rows[devices] = disk;
            var nameStart = lineStart + line.Length - fields.Length - name.Length;
            names[devices] = new Range(nameStart, nameStart + name.Length);
            var row = values.AsSpan(devices * Columns, Columns);
            var count = 0;
            for (var field = ProcText.NextField(ref fields); !field.IsEmpty && count < Columns; field = ProcText.NextField(ref fields))
            {
                row[count++] = ProcText.ParseUInt64(field);
            }
            columnCounts[devices] = count;
            devices++;
        }
        if (devices == 0)
        {
            return;
        }

        writer.WriteHeader("node_disk_info", MetricFamilyType.Gauge, "Info of /sys/block/<block_device>.");
        for (var device = 0; device < devices; device++)
        {
            var disk = rows[device];
            writer.BeginSample("node_disk_info").Label("device", text[names[device]]).Label("major", disk.Major).Label("minor", disk.Minor)
                .Label("path", disk.UdevPath).Label("wwn", disk.Wwn).Label("model", disk.Model).Label("serial", disk.Serial)
                .Label("revision", disk.Revision).Label("rotational", disk.Rotational).Value(1.0);
        }
        for (var column = 0; column < Columns; column++)
        {
            var family = Families[column];
            var headerWritten = false;
            for (var device = 0; device < devices; device++)
            {
                if (columnCounts[device] <= column)
                {
                    continue;
                }
                if (!headerWritten)
                {
                    writer.WriteHeader(family.Name, family.Type, family.Help);
                    headerWritten = true;
                }
                writer.BeginSample(family.Name).Label("device", text[names[device]]).Value(values[device * Columns + column] * family.Factor);
            }
        }
    }

    private sealed record Family(string Name, string Help, double Factor, MetricFamilyType Type = MetricFamilyType.Counter);

    /// <summary>
    /// A block device's identity: udev's properties from /run/udev/data/b&lt;major&gt;:&lt;minor&gt; and
    /// queue/rotational from sysfs, read once when the device is first seen (or its numbers change).
    /// </summary>
    private sealed class Disk
    {
        public static readonly Disk Excluded = new("", NodePaths.Default, "");

        private readonly string device;
        private readonly NodePaths paths;
        private readonly string udevData;
        private (ulong, ulong)? identified;

        public Disk(string device, NodePaths paths, string udevData)
        {
            this.device = device;
            this.paths = paths;
            this.udevData = udevData;
        }

        public string Major { get; private set; } = "";
        public string Minor { get; private set; } = "";
        public string UdevPath { get; private set; } = "";
        public string Wwn { get; private set; } = "";
        public string Model { get; private set; } = "";
        public string Serial { get; private set; } = "";
        public string Revision { get; private set; } = "";
        public string Rotational { get; private set; } = "";

        public void Identify(ReadOnlySpan<byte> major, ReadOnlySpan<byte> minor)
        {
            var numbers = (ProcText.ParseUInt64(major), ProcText.ParseUInt64(minor));
            if (identified == numbers)
            {
                return;
            }
            identified = numbers;
            Major = Encoding.ASCII.GetString(major);
            Minor = Encoding.ASCII.GetString(minor);
            var properties = ReadUdev(Path.Join(udevData, "b" + Major + ":" + Minor));
            UdevPath = properties.GetValueOrDefault("ID_PATH", "");
            Wwn = properties.GetValueOrDefault("ID_WWN", "");
            Model = properties.GetValueOrDefault("ID_MODEL", "");
            Serial = properties.GetValueOrDefault("ID_SERIAL_SHORT", properties.GetValueOrDefault("SCSI_IDENT_SERIAL", ""));
            Revision = properties.GetValueOrDefault("ID_REVISION", "");
            try
            {
                Rotational = File.ReadAllText(paths.SysFile("block/" + device + "/queue/rotational")).Trim();
            }
            catch (IOException)
            {
                Rotational = "";
            }
            catch (UnauthorizedAccessException)
            {
                Rotational = "";
            }
        }

        // udev's database lines are "E:KEY=value" for properties; other prefixes are symlinks, tags and the like.
        private static Dictionary<string, string> ReadUdev(string path)
        {
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                foreach (var line in File.ReadLines(path))
                {
                    if (line.StartsWith("E:", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
                    {
                        properties[line[2..equals]] = line[(equals + 1)..];
                    }
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return properties;
        }
    }
}
