using System.Text;
using System.Text.RegularExpressions;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Collectors;

/// <summary>
/// <c>node_filesystem_*{device,mountpoint,fstype,device_error}</c> and <c>node_filesystem_mount_info</c> for the mounts of /proc/1/mountinfo (or
/// /proc/self/mountinfo where pid 1's is unreadable), less node_exporter's default excluded mount points and
/// filesystem types. Each statfs runs on a worker thread under the mount timeout: a mount that does not answer
/// is reported as <c>node_filesystem_device_error{device_error="mountpoint timeout"} 1</c>, now and on later
/// scrapes until its call returns, so a dead NFS server never hangs the scrape.
/// </summary>
/// <remarks>
/// Mounts of the local filesystems whose statfs the kernel answers from counters it keeps in memory (ext2/3/4, XFS,
/// tmpfs, ramfs) are asked on the scraping thread instead: such a call cannot block on a server or a daemon, and
/// handing it to the worker and waiting for it cost two thread switches, some 0.3 ms of CPU a scrape (15 %) on a
/// busy 2-core node. Project quotas are the exception (statfs then reads the quota, which may wait on the disk), so
/// ext4 and XFS mounted with them go to the worker like everything else (NFS, FUSE, vfat…).
/// </remarks>
public sealed class FilesystemCollector : IMetricsCollector
{
    private const string TimeoutError = "mountpoint timeout";

    private static readonly (string Name, string Help)[] Families =
    [
        ("node_filesystem_size_bytes", "Filesystem size in bytes."),
        ("node_filesystem_free_bytes", "Filesystem free space in bytes."),
        ("node_filesystem_avail_bytes", "Filesystem space available to non-root users in bytes."),
        ("node_filesystem_files", "Filesystem total file nodes."),
        ("node_filesystem_files_free", "Filesystem total free file nodes."),
    ];

    private readonly MountTable mountTable;
    private readonly string root;
    private readonly Regex mountPointsExclude;
    private readonly Regex fsTypesExclude;
    private readonly TimeSpan timeout;
    private readonly StatfsRunner runner;
    private readonly StatfsCall statfs;
    private readonly byte[] unescaped = new byte[4096];
    private List<Mount> known = [];
    private List<Mount> current = [];
    private readonly List<Mount> reported = [];
    private byte[][] statPaths = [];
    private int[] workerResults = [];
    private FilesystemUsage[] workerUsages = [];

    public FilesystemCollector(NodePaths paths, NodeCollectorOptions options)
        : this(paths, options, Statfs.Native)
    {
    }

    internal FilesystemCollector(NodePaths paths, NodeCollectorOptions options, StatfsCall statfs)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        mountTable = new MountTable(paths);
        root = paths.Root;
        mountPointsExclude = new Regex(options.FilesystemMountPointsExclude, RegexOptions.CultureInvariant);
        fsTypesExclude = new Regex(options.FilesystemFsTypesExclude, RegexOptions.CultureInvariant);
        timeout = options.MountTimeout;
        runner = new StatfsRunner(statfs);
        this.statfs = statfs;
    }

    /// <summary>Mounts whose statfs has not come back yet.</summary>
    internal int StuckMounts => runner.StuckCount;

    public void Collect(MetricsWriter writer)
    {
        Write(mountTable.Read(), writer);
    }

    public void Write(ReadOnlySpan<byte> mountInfo, MetricsWriter writer)
    {
        // Every mount is remembered, excluded ones too, so that a warm scrape creates nothing.
        current.Clear();
        while (ProcText.NextLine(ref mountInfo, out var line))
        {
            var parsed = MountInfoLine.Parse(line);
            if (!parsed.IsValid)
            {
                continue;
            }
            var mount = Find(parsed.Key) ?? CreateMount(parsed);
            if (!current.Contains(mount))
            {
                current.Add(mount);
            }
        }
        (known, current) = (current, known);

        reported.Clear();
        foreach (var mount in known)
        {
            if (!mount.Excluded && !IsDuplicate(mount))
            {
                reported.Add(mount);
            }
        }
        if (statPaths.Length < reported.Count)
        {
            statPaths = new byte[reported.Count * 2][];
            workerResults = new int[reported.Count * 2];
            workerUsages = new FilesystemUsage[reported.Count * 2];
        }
        var toWorker = 0;
        foreach (var mount in reported)
        {
            if (mount.AnswersFromMemory)
            {
                mount.Record(statfs(mount.StatPath, out var usage), usage);
            }
            else
            {
                statPaths[toWorker++] = mount.StatPath;
            }
        }
        if (toWorker > 0)
        {
            runner.StatAll(statPaths, toWorker, workerResults, workerUsages, timeout);
            var next = 0;
            foreach (var mount in reported)
            {
                if (!mount.AnswersFromMemory)
                {
                    mount.Record(workerResults[next], workerUsages[next]);
                    next++;
                }
            }
        }
        if (reported.Count == 0)
        {
            return;
        }

        // As node_exporter: every mount has device_error and readonly, only those that answered have the rest,
        // and mount_info ties a mount point to its device numbers.
        const string ErrorName = "node_filesystem_device_error";
        const string ReadOnlyName = "node_filesystem_readonly";
        const string MountInfoName = "node_filesystem_mount_info";
        writer.WriteHeader(ErrorName, MetricFamilyType.Gauge, "Whether an error occurred while getting statistics for the given device.");
        foreach (var mount in reported)
        {
            Labelled(writer.BeginSample(ErrorName), mount).Value(mount.Error is null ? 0.0 : 1.0);
        }
        writer.WriteHeader(ReadOnlyName, MetricFamilyType.Gauge, "Filesystem read-only status.");
        foreach (var mount in reported)
        {
            Labelled(writer.BeginSample(ReadOnlyName), mount).Value(mount.ReadOnly ? 1.0 : 0.0);
        }
        for (var family = 0; family < Families.Length; family++)
        {
            var (name, help) = Families[family];
            var headerWritten = false;
            foreach (var mount in reported)
            {
                if (mount.Error is not null)
                {
                    continue;
                }
                if (!headerWritten)
                {
                    writer.WriteHeader(name, MetricFamilyType.Gauge, help);
                    headerWritten = true;
                }
                var usage = mount.Usage;
                Labelled(writer.BeginSample(name), mount).Value(family switch
                {
                    0 => usage.SizeBytes,
                    1 => usage.FreeBytes,
                    2 => usage.AvailableBytes,
                    3 => usage.Files,
                    _ => usage.FilesFree,
                });
            }
        }
        var infoWritten = false;
        foreach (var mount in reported)
        {
            if (mount.Error is not null)
            {
                continue;
            }
            if (!infoWritten)
            {
                writer.WriteHeader(MountInfoName, MetricFamilyType.Gauge, "Filesystem mount information.");
                infoWritten = true;
            }
            writer.BeginSample(MountInfoName).Label("device", mount.Device).Label("major", mount.Major).Label("minor", mount.Minor)
                .Label("mountpoint", mount.MountPoint).Value(1.0);
        }
    }

    private static SampleWriter Labelled(SampleWriter sample, Mount mount) =>
        sample.Label("device", mount.Device).Label("mountpoint", mount.MountPoint).Label("fstype", mount.FsType)
            .Label("device_error", mount.Error ?? "");

    private Mount? Find(ReadOnlySpan<byte> key)
    {
        // Mounts keep their order between reads, so the next known mount is nearly always the one.
        if (current.Count < known.Count && known[current.Count].Key.AsSpan().SequenceEqual(key))
        {
            return known[current.Count];
        }
        foreach (var mount in known)
        {
            if (mount.Key.AsSpan().SequenceEqual(key))
            {
                return mount;
            }
        }
        return null;
    }

    // node_exporter reports a device, mount point and type once, however often it is mounted there.
    private bool IsDuplicate(Mount mount)
    {
        foreach (var other in reported)
        {
            if (other.MountPoint.AsSpan().SequenceEqual(mount.MountPoint) && other.Device.AsSpan().SequenceEqual(mount.Device)
                && other.FsType.AsSpan().SequenceEqual(mount.FsType))
            {
                return true;
            }
        }
        return false;
    }

    private Mount CreateMount(MountInfoLine line)
    {
        var mountPoint = StripRoot(unescaped.AsSpan(0, MountInfoLine.Unescape(line.MountPoint, unescaped)));
        var device = new byte[line.Source.Length];
        device = device[..MountInfoLine.Unescape(line.Source, device)];
        var mountPointText = Encoding.UTF8.GetString(mountPoint);
        var fsTypeText = Encoding.UTF8.GetString(line.FsType);
        var statPath = Encoding.UTF8.GetBytes((root == "/" ? mountPointText : mountPointText == "/" ? root : Path.Join(root, mountPointText)) + "\0");
        var majorMinor = line.MajorMinor;
        var colon = majorMinor.IndexOf((byte)':');
        return new Mount(line.Key.ToArray(), mountPoint.ToArray(), device, line.FsType.ToArray(), statPath,
            colon < 0 ? majorMinor.ToArray() : majorMinor[..colon].ToArray(), colon < 0 ? [] : majorMinor[(colon + 1)..].ToArray(),
            MountInfoLine.IsReadOnly(line.Options) || MountInfoLine.IsReadOnly(line.SuperOptions),
            mountPointsExclude.IsMatch(mountPointText) || fsTypesExclude.IsMatch(fsTypeText),
            AnswersFromMemory(line.FsType, line.SuperOptions));
    }

    /// <summary>Whether statfs on this mount is answered from memory, never waiting on a device, server or daemon (see the remarks).</summary>
    internal static bool AnswersFromMemory(ReadOnlySpan<byte> fsType, ReadOnlySpan<byte> superOptions)
    {
        if (fsType.SequenceEqual("tmpfs"u8) || fsType.SequenceEqual("ramfs"u8))
        {
            return true;
        }
        if (!(fsType.SequenceEqual("ext2"u8) || fsType.SequenceEqual("ext3"u8) || fsType.SequenceEqual("ext4"u8) || fsType.SequenceEqual("xfs"u8)))
        {
            return false;
        }
        foreach (var range in superOptions.Split((byte)','))
        {
            var option = superOptions[range];
            if (option.SequenceEqual("prjquota"u8) || option.SequenceEqual("pquota"u8) || option.SequenceEqual("pqnoenforce"u8))
            {
                return false;
            }
        }
        return true;
    }

    // With --path.rootfs=/host, /host/var is the node's /var: labels name the node's path, as node_exporter's do.
    private ReadOnlySpan<byte> StripRoot(ReadOnlySpan<byte> mountPoint)
    {
        if (root == "/" || root.Length == 0)
        {
            return mountPoint;
        }
        var prefix = Encoding.UTF8.GetBytes(root.TrimEnd('/'));
        if (!mountPoint.StartsWith(prefix))
        {
            return mountPoint;
        }
        var stripped = mountPoint[prefix.Length..];
        return stripped.IsEmpty ? "/"u8 : stripped;
    }

    private sealed class Mount(byte[] key, byte[] mountPoint, byte[] device, byte[] fsType, byte[] statPath, byte[] major, byte[] minor,
        bool readOnly, bool excluded, bool answersFromMemory)
    {
        private int lastErrno;
        private string? lastErrorText;

        public byte[] Key { get; } = key;
        public byte[] MountPoint { get; } = mountPoint;
        public byte[] Device { get; } = device;
        public byte[] FsType { get; } = fsType;
        public byte[] StatPath { get; } = statPath;
        public byte[] Major { get; } = major;
        public byte[] Minor { get; } = minor;
        public bool ReadOnly { get; } = readOnly;
        public bool Excluded { get; } = excluded;
        public bool AnswersFromMemory { get; } = answersFromMemory;
        public FilesystemUsage Usage { get; set; }
        public string? Error { get; set; }

        /// <summary>This scrape's answer: 0 with the usage, an errno, or <see cref="StatfsRunner.TimedOut"/>.</summary>
        public void Record(int result, FilesystemUsage usage)
        {
            Usage = usage;
            Error = result switch
            {
                0 => null,
                StatfsRunner.TimedOut => TimeoutError,
                var errno => ErrorText(errno),
            };
        }

        public string ErrorText(int errno)
        {
            if (errno != lastErrno || lastErrorText is null)
            {
                (lastErrno, lastErrorText) = (errno, Statfs.Describe(errno));
            }
            return lastErrorText;
        }
    }
}
