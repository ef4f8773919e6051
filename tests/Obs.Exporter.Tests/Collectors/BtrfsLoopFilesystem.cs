namespace Obs.Exporter.Tests.Collectors;

/// <summary>
/// A small btrfs filesystem made for a test: a sparse image file attached to a free loop device, formatted with
/// Debian's mkfs.btrfs (btrfs-progs, installed when missing) and mounted on a fresh directory. Dispose unmounts that
/// directory and detaches that loop device, the ones this instance made and no other.
/// </summary>
internal sealed class BtrfsLoopFilesystem : IDisposable
{
    private readonly TemporaryDirectory directory = new();
    private bool mounted;
    private bool disposed;

    public BtrfsLoopFilesystem(string label, long bytes)
    {
        try
        {
            var mkfs = HostCommand.Require("mkfs.btrfs", "btrfs-progs");
            Bytes = bytes;
            var image = Path.Combine(directory.Path, "btrfs.img");
            using (var file = File.Create(image))
            {
                file.SetLength(bytes);
            }
            Device = HostCommand.Run(HostCommand.Find("losetup") ?? "losetup", "--find", "--show", image).Trim();
            HostCommand.Run(mkfs, "-q", "-L", label, Device);
            MountPoint = Directory.CreateDirectory(Path.Combine(directory.Path, "mnt")).FullName;
            HostCommand.Run("mount", "-t", "btrfs", Device, MountPoint);
            mounted = true;
            var blkid = HostCommand.Find("blkid") ?? "blkid";
            Uuid = HostCommand.Run(blkid, "-p", "-s", "UUID", "-o", "value", Device).Trim();
            DeviceUuid = HostCommand.Run(blkid, "-p", "-s", "UUID_SUB", "-o", "value", Device).Trim();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public long Bytes { get; }

    /// <summary>The loop device attached, e.g. /dev/loop3.</summary>
    public string Device { get; } = "";

    public string DeviceName => Path.GetFileName(Device);

    public string MountPoint { get; } = "";

    /// <summary>The filesystem's uuid, as /sys/fs/btrfs names it.</summary>
    public string Uuid { get; } = "";

    /// <summary>The device's own uuid within the filesystem (blkid's UUID_SUB).</summary>
    public string DeviceUuid { get; } = "";

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        if (mounted)
        {
            HostCommand.Run("umount", MountPoint);
            mounted = false;
        }
        if (Device.Length > 0)
        {
            HostCommand.Run(HostCommand.Find("losetup") ?? "losetup", "--detach", Device);
        }
        directory.Dispose();
    }
}
