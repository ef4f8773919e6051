using System.Buffers.Binary;
using System.Text;

namespace Obs.Exporter.Collectors;

/// <summary>
/// One device of a mounted btrfs filesystem as its mount point's ioctls report it: BTRFS_IOC_DEV_INFO gives the
/// device's path, uuid, size and bytes used, BTRFS_IOC_GET_DEV_STATS its error counters. Decoding is pure, from the
/// kernel's argument buffers (64-bit Linux, little-endian), so it is tested without a filesystem.
/// </summary>
internal sealed class BtrfsDevice
{
    /// <summary>Size of struct btrfs_ioctl_dev_info_args: devid, uuid, bytes_used, total_bytes, padding, then the path.</summary>
    public const int InfoSize = 4096;

    /// <summary>Size of struct btrfs_ioctl_get_dev_stats: devid, nr_items, flags, the counters, padding.</summary>
    public const int StatsSize = 1032;

    /// <summary>The counters of struct btrfs_ioctl_get_dev_stats in the kernel's order, by node_exporter's <c>type</c> label.</summary>
    public static readonly string[] ErrorTypes = ["write", "read", "flush", "corruption", "generation"];

    private const int InfoUuid = 8;
    private const int InfoBytesUsed = 24;
    private const int InfoTotalBytes = 32;
    private const int InfoPath = 3072;
    private const int PathMax = 1024;
    private const int StatsItems = 8;
    private const int StatsValues = 24;

    private readonly byte[] uuidBytes = new byte[16];
    private byte[] pathBytes = [];

    public ulong Id { get; private set; }

    /// <summary>The device's file name, e.g. <c>sda2</c> for /dev/sda2: the <c>device</c> label, as in the sysfs listing.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The device's own uuid (not the filesystem's), the <c>btrfs_dev_uuid</c> label.</summary>
    public string Uuid { get; private set; } = "";

    public ulong TotalBytes { get; private set; }

    public ulong UsedBytes { get; private set; }

    /// <summary>Counts by <see cref="ErrorTypes"/>; a kernel that reports fewer leaves the rest 0.</summary>
    public ulong[] Errors { get; } = new ulong[5];

    /// <summary>
    /// Takes this scrape's answers in. The name and uuid strings are made again only when the kernel's bytes changed,
    /// so a warm scrape allocates nothing.
    /// </summary>
    public void Update(ulong id, ReadOnlySpan<byte> info, ReadOnlySpan<byte> stats)
    {
        Id = id;
        UsedBytes = BinaryPrimitives.ReadUInt64LittleEndian(info[InfoBytesUsed..]);
        TotalBytes = BinaryPrimitives.ReadUInt64LittleEndian(info[InfoTotalBytes..]);
        var uuid = info.Slice(InfoUuid, 16);
        if (Uuid.Length == 0 || !uuid.SequenceEqual(uuidBytes))
        {
            uuid.CopyTo(uuidBytes);
            Uuid = FormatUuid(uuid);
        }
        var path = info.Slice(InfoPath, PathMax);
        var end = path.IndexOf((byte)0);
        path = end < 0 ? path : path[..end];
        if (!path.SequenceEqual(pathBytes))
        {
            pathBytes = path.ToArray();
            var slash = path.LastIndexOf((byte)'/');
            Name = Encoding.UTF8.GetString(path[(slash + 1)..]);
        }
        var items = (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(stats[StatsItems..]), (ulong)Errors.Length);
        Array.Clear(Errors);
        for (var i = 0; i < items; i++)
        {
            Errors[i] = BinaryPrimitives.ReadUInt64LittleEndian(stats[(StatsValues + (i * 8))..]);
        }
    }

    /// <summary>A uuid's 16 bytes in the usual 8-4-4-4-12 lower-case form, in byte order as btrfs-progs prints it.</summary>
    public static string FormatUuid(ReadOnlySpan<byte> uuid) => new Guid(uuid, bigEndian: true).ToString("D");
}
