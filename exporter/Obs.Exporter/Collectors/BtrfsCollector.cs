using System.Buffers.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// node_exporter's <c>btrfs</c> collector from /sys/fs/btrfs/&lt;uuid&gt;: <c>node_btrfs_info{label,uuid}</c>, the
/// global reserve, per block group type (data, metadata, system) the reserved bytes and per layout (single, dup,
/// raid1…) the allocated and used bytes and the allocation ratio, each device's size, and the transaction commit
/// statistics of kernels that keep them (6.0+; zeros before, as node_exporter reports them). A value file the
/// kernel lacks counts 0, as node_exporter's parser reads it. A node without btrfs reports nothing.
/// </summary>
/// <remarks>
/// A filesystem that is mounted is also asked about its devices through ioctls on its mount point (<see cref="BtrfsMountReader"/>),
/// as node_exporter does: then each device has its error counters (<c>node_btrfs_device_errors_total{type}</c>), its
/// unused bytes, and its size from the ioctl, all labelled with the device's own uuid (<c>btrfs_dev_uuid</c>). A
/// filesystem whose mount point cannot be asked keeps the sysfs device sizes without that label, as node_exporter's do.
/// Filesystems and their mount points are listed once a minute; a scrape reads a dozen small files per filesystem,
/// and for a mounted one opens its mount point for two ioctls per device.
/// </remarks>
public sealed class BtrfsCollector : IMetricsCollector
{
    /// <summary>Linux counts a device's size in 512-byte sectors whatever the device's block size.</summary>
    private const int SectorSize = 512;

    private static readonly string[] BlockGroupTypes = ["data", "metadata", "system"];

    private readonly string directory;
    private readonly NodePaths paths;
    private readonly BtrfsMountReader mounts = new();
    private readonly MountTable mountTable;
    private Filesystem[] filesystems = [];
    private Relisting relisting;

    public BtrfsCollector(NodePaths paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        this.paths = paths;
        mountTable = new MountTable(paths);
        directory = paths.SysFile("fs/btrfs");
    }

    public void Collect(MetricsWriter writer)
    {
        if (relisting.Due())
        {
            List();
        }
        if (filesystems.Length == 0)
        {
            return;
        }
        foreach (var filesystem in filesystems)
        {
            filesystem.Read(mounts);
        }
        Write(writer);
    }

    /// <summary>The families in node_exporter's (alphabetical) order, filesystems in uuid order.</summary>
    private void Write(MetricsWriter writer)
    {
        WriteLayouts(writer, "node_btrfs_allocation_ratio", "Data allocation ratio for a layout/data type", layout => layout.Ratio);
        WriteCommits(writer, "node_btrfs_commit_seconds_total", MetricFamilyType.Counter, "Sum of the duration of all commits, in seconds.", 3);
        WriteCommits(writer, "node_btrfs_commits_total", MetricFamilyType.Counter, "The total number of commits that have occurred.", 0);
        WriteDeviceErrors(writer);
        writer.WriteHeader("node_btrfs_device_size_bytes", MetricFamilyType.Gauge, "Size of a device that is part of the filesystem.");
        foreach (var filesystem in filesystems)
        {
            if (filesystem.Mounted)
            {
                WriteMountedDevices(writer, "node_btrfs_device_size_bytes", filesystem, device => device.TotalBytes);
                continue;
            }
            foreach (var device in filesystem.Devices)
            {
                writer.BeginSample("node_btrfs_device_size_bytes").Label("device", device.Name).Label("uuid", filesystem.Uuid).Value(device.Size.Current * SectorSize);
            }
        }
        if (AnyMounted())
        {
            writer.WriteHeader("node_btrfs_device_unused_bytes", MetricFamilyType.Gauge, "Unused bytes unused on a device that is part of the filesystem.");
            foreach (var filesystem in filesystems)
            {
                WriteMountedDevices(writer, "node_btrfs_device_unused_bytes", filesystem, device => device.TotalBytes - device.UsedBytes);
            }
        }
        writer.WriteHeader("node_btrfs_global_rsv_size_bytes", MetricFamilyType.Gauge, "Size of global reserve.");
        foreach (var filesystem in filesystems)
        {
            writer.BeginSample("node_btrfs_global_rsv_size_bytes").Label("uuid", filesystem.Uuid).Value(filesystem.GlobalReserve.Current);
        }
        writer.WriteHeader("node_btrfs_info", MetricFamilyType.Gauge, "Filesystem information");
        foreach (var filesystem in filesystems)
        {
            writer.BeginSample("node_btrfs_info").Label("label", filesystem.Label).Label("uuid", filesystem.Uuid).Value(1);
        }
        WriteCommits(writer, "node_btrfs_last_commit_seconds", MetricFamilyType.Gauge, "Duration of the most recent commit, in seconds.", 1);
        WriteCommits(writer, "node_btrfs_max_commit_seconds", MetricFamilyType.Gauge, "Duration of the slowest commit, in seconds.", 2);
        writer.WriteHeader("node_btrfs_reserved_bytes", MetricFamilyType.Gauge, "Amount of space reserved for a data type");
        foreach (var filesystem in filesystems)
        {
            foreach (var allocation in filesystem.Allocations)
            {
                writer.BeginSample("node_btrfs_reserved_bytes").Label("block_group_type", allocation.Type).Label("uuid", filesystem.Uuid).Value(allocation.Reserved.Current);
            }
        }
        WriteLayouts(writer, "node_btrfs_size_bytes", "Amount of space allocated for a layout/data type", layout => layout.Total.Current);
        WriteLayouts(writer, "node_btrfs_used_bytes", "Amount of used space by a layout/data type", layout => layout.Used.Current);
    }

    /// <summary>node_exporter's labels for a device the ioctls answered for, in its (alphabetical) order.</summary>
    private static void WriteMountedDevices(MetricsWriter writer, string name, Filesystem filesystem, Func<BtrfsDevice, ulong> value)
    {
        if (!filesystem.Mounted)
        {
            return;
        }
        foreach (var device in filesystem.MountedDevices)
        {
            writer.BeginSample(name).Label("btrfs_dev_uuid", device.Uuid).Label("device", device.Name).Label("uuid", filesystem.Uuid).Value((double)value(device));
        }
    }

    // A loop, not Any(): a warm scrape allocates nothing.
    private bool AnyMounted()
    {
        foreach (var filesystem in filesystems)
        {
            if (filesystem.Mounted)
            {
                return true;
            }
        }
        return false;
    }

    private void WriteDeviceErrors(MetricsWriter writer)
    {
        const string Name = "node_btrfs_device_errors_total";
        if (!AnyMounted())
        {
            return;
        }
        writer.WriteHeader(Name, MetricFamilyType.Counter, "Errors reported for the device");
        foreach (var filesystem in filesystems)
        {
            if (!filesystem.Mounted)
            {
                continue;
            }
            foreach (var device in filesystem.MountedDevices)
            {
                for (var type = 0; type < BtrfsDevice.ErrorTypes.Length; type++)
                {
                    writer.BeginSample(Name).Label("btrfs_dev_uuid", device.Uuid).Label("device", device.Name).Label("type", BtrfsDevice.ErrorTypes[type])
                        .Label("uuid", filesystem.Uuid).Value((double)device.Errors[type]);
                }
            }
        }
    }

    private void WriteLayouts(MetricsWriter writer, string name, string help, Func<Layout, double> value)
    {
        writer.WriteHeader(name, MetricFamilyType.Gauge, help);
        foreach (var filesystem in filesystems)
        {
            foreach (var allocation in filesystem.Allocations)
            {
                foreach (var layout in allocation.Layouts)
                {
                    writer.BeginSample(name).Label("block_group_type", allocation.Type).Label("mode", layout.Mode).Label("uuid", filesystem.Uuid).Value(value(layout));
                }
            }
        }
    }

    private void WriteCommits(MetricsWriter writer, string name, MetricFamilyType type, string help, int field)
    {
        writer.WriteHeader(name, type, help);
        foreach (var filesystem in filesystems)
        {
            writer.BeginSample(name).Label("uuid", filesystem.Uuid).Value(filesystem.Commits[field]);
        }
    }

    /// <summary>
    /// A commit_stats file (<c>commits</c>, <c>cur_commit_ms</c>, <c>last_commit_ms</c>, <c>max_commit_ms</c>,
    /// <c>total_commit_ms</c>, one "key value" a line) into commits, last, max and total, the durations in seconds.
    /// </summary>
    public static void ParseCommitStats(ReadOnlySpan<byte> text, Span<double> values)
    {
        values.Clear();
        while (ProcText.NextLine(ref text, out var line))
        {
            var key = ProcText.NextField(ref line);
            if (!Utf8Parser.TryParse(ProcText.NextField(ref line), out ulong value, out _))
            {
                continue;
            }
            var index = key.SequenceEqual("commits"u8) ? 0
                : key.SequenceEqual("last_commit_ms"u8) ? 1
                : key.SequenceEqual("max_commit_ms"u8) ? 2
                : key.SequenceEqual("total_commit_ms"u8) ? 3
                : -1;
            if (index >= 0)
            {
                values[index] = index == 0 ? value : value / 1000.0;
            }
        }
    }

    /// <summary>A one-number file's value; 0 when it is missing or not a number, as node_exporter's parser reads it.</summary>
    internal static double ParseValue(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(ProcText.Trim(text), out ulong value, out var consumed) && consumed == ProcText.Trim(text).Length ? value : 0;

    private void List()
    {
        var kept = filesystems.SelectMany(filesystem => filesystem.Files()).ToDictionary(file => file.Path, StringComparer.Ordinal);
        var listed = Discover(directory, path => kept.Remove(path, out var file) ? file : new ProcFile(path, 64, FileEnd.ShortRead));
        // Files of filesystems unmounted meanwhile are let go.
        foreach (var file in kept.Values)
        {
            file.Close();
        }
        filesystems = listed;
        if (listed.Length > 0)
        {
            FindMountPoints();
        }
    }

    /// <summary>
    /// Gives each filesystem the first of its mount points (in /proc/1/mountinfo, else the process's own) whose
    /// ioctl answers with its id; a device mounted at several places (subvolumes) is asked once, as node_exporter does.
    /// </summary>
    private void FindMountPoints()
    {
        ReadOnlySpan<byte> text;
        try
        {
            text = mountTable.Read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        var sources = new HashSet<string>(StringComparer.Ordinal);
        var unescaped = new byte[4096];
        Span<byte> fsid = stackalloc byte[16];
        while (ProcText.NextLine(ref text, out var line))
        {
            var mount = MountInfoLine.Parse(line);
            if (!mount.IsValid || !mount.FsType.SequenceEqual("btrfs"u8) || !sources.Add(System.Text.Encoding.UTF8.GetString(mount.Source)))
            {
                continue;
            }
            var mountPoint = System.Text.Encoding.UTF8.GetString(unescaped.AsSpan(0, MountInfoLine.Unescape(mount.MountPoint, unescaped)));
            var path = System.Text.Encoding.UTF8.GetBytes(paths.RootFile(mountPoint) + "\0");
            if (!mounts.TryReadFsid(path, fsid))
            {
                continue;
            }
            foreach (var filesystem in filesystems)
            {
                if (filesystem.MountPath is null && fsid.SequenceEqual(filesystem.Fsid))
                {
                    filesystem.MountPath = path;
                }
            }
        }
    }

    /// <summary>The mounted filesystems under <paramref name="btrfsDirectory"/> (/sys/fs/btrfs): its entries named by uuid.</summary>
    internal static Filesystem[] Discover(string btrfsDirectory, Func<string, ProcFile> open)
    {
        if (!Directory.Exists(btrfsDirectory))
        {
            return [];
        }
        return Directory.GetDirectories(btrfsDirectory)
            .Where(path => Path.GetFileName(path).Contains('-', StringComparison.Ordinal))
            .Select(path => Describe(path, open))
            .OrderBy(filesystem => filesystem.Uuid, StringComparer.Ordinal)
            .ToArray();
    }

    private static Filesystem Describe(string path, Func<string, ProcFile> open)
    {
        var devicesDirectory = Path.Join(path, "devices");
        var devices = Directory.Exists(devicesDirectory)
            ? Directory.GetFileSystemEntries(devicesDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                .Select(name => new Device(name!, new Value(open(Path.Join(devicesDirectory, name, "size"))))).ToArray()
            : [];
        var allocations = BlockGroupTypes
            .Select(type => (Type: type, Path: Path.Join(path, "allocation", type)))
            .Where(allocation => Directory.Exists(allocation.Path))
            .Select(allocation => new Allocation(
                allocation.Type,
                new Value(open(Path.Join(allocation.Path, "bytes_reserved"))),
                Directory.GetDirectories(allocation.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal)
                    .Select(mode => new Layout(
                        mode!,
                        new Value(open(Path.Join(allocation.Path, mode, "total_bytes"))),
                        new Value(open(Path.Join(allocation.Path, mode, "used_bytes"))),
                        Ratio(mode!, devices.Length)))
                    .ToArray()))
            .ToArray();
        var uuid = ReadText(Path.Join(path, "metadata_uuid"));
        return new Filesystem(
            uuid.Length > 0 ? uuid : Path.GetFileName(path),
            ParseFsid(Path.GetFileName(path)),
            ReadText(Path.Join(path, "label")),
            devices,
            new Value(open(Path.Join(path, "allocation", "global_rsv_size"))),
            allocations,
            open(Path.Join(path, "commit_stats")));
    }

    /// <summary>How many bytes of disk a layout spends per byte stored; unknown layouts 0, as node_exporter has it.</summary>
    internal static double Ratio(string mode, int devices) => mode switch
    {
        "single" or "raid0" => 1,
        "dup" or "raid1" or "raid10" => 2,
        "raid5" => devices / (devices - 1.0),
        "raid6" => devices / (devices - 2.0),
        _ => 0,
    };

    /// <summary>The 16 bytes of a sysfs directory's name (the filesystem's id as the ioctl gives it); zeros when it is not a uuid.</summary>
    internal static byte[] ParseFsid(string name) =>
        Guid.TryParseExact(name, "D", out var id) ? id.ToByteArray(bigEndian: true) : new byte[16];

    private static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>A one-number file and what this scrape read from it.</summary>
    internal sealed class Value(ProcFile file)
    {
        public ProcFile File { get; } = file;

        public double Current { get; private set; }

        public void Read() => Current = File.TryRead(out var text) ? ParseValue(text) : 0;
    }

    internal sealed record Device(string Name, Value Size);

    internal sealed record Layout(string Mode, Value Total, Value Used, double Ratio);

    internal sealed record Allocation(string Type, Value Reserved, Layout[] Layouts);

    internal sealed record Filesystem(string Uuid, byte[] Fsid, string Label, Device[] Devices, Value GlobalReserve, Allocation[] Allocations, ProcFile CommitStats)
    {
        /// <summary>Where it is mounted (NUL-terminated), found at listing time; null when it is not, or cannot be asked.</summary>
        public byte[]? MountPath { get; set; }

        /// <summary>Whether this scrape's ioctls answered, filling <see cref="MountedDevices"/>.</summary>
        public bool Mounted { get; private set; }

        public List<BtrfsDevice> MountedDevices { get; } = [];

        /// <summary>commits, last, max and total commit seconds, as this scrape read them.</summary>
        public double[] Commits { get; } = new double[4];

        // Every one-number file, listed once so a scrape walks an array.
        private Value[] AllValues { get; } =
        [
            .. Devices.Select(device => device.Size),
            GlobalReserve,
            .. Allocations.SelectMany(allocation => allocation.Layouts.SelectMany(layout => new[] { layout.Total, layout.Used }).Prepend(allocation.Reserved)),
        ];

        public void Read(BtrfsMountReader mounts)
        {
            Mounted = MountPath is not null && mounts.TryReadDevices(MountPath, Fsid, MountedDevices);
            foreach (var value in AllValues)
            {
                value.Read();
            }
            if (CommitStats.TryRead(out var text))
            {
                ParseCommitStats(text, Commits);
            }
            else
            {
                Array.Clear(Commits);
            }
        }

        public IEnumerable<ProcFile> Files() => AllValues.Select(value => value.File).Append(CommitStats);
    }
}
