using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Obs.Exporter.Collectors;

/// <summary>
/// Asks a mounted btrfs filesystem about its devices through ioctls on its mount point, as node_exporter does:
/// BTRFS_IOC_FS_INFO for the filesystem's id and device ids, then per device BTRFS_IOC_DEV_INFO and
/// BTRFS_IOC_GET_DEV_STATS. None needs a capability (only resetting the counters would). The mount point is opened
/// for the calls and closed at once: a descriptor kept between scrapes would make the filesystem busy to umount.
/// </summary>
/// <remarks>The argument buffers are kept, so a scrape allocates nothing once the devices are known.</remarks>
internal sealed class BtrfsMountReader
{
    /// <summary>Size of struct btrfs_ioctl_fs_info_args: max_id, num_devices, fsid, then fields we do not read.</summary>
    private const int FsInfoSize = 1024;
    private const int FsInfoFsid = 16;

    // _IOR/_IOWR(0x94, nr, size) as linux/btrfs.h defines them.
    private const nuint FsInfoRequest = 0x8400941F;
    private const nuint DevInfoRequest = 0xD000941E;
    private const nuint DevStatsRequest = 0xC4089434;

    /// <summary>ENODEV: no device has that id (ids start at 1 and have gaps after a device is removed).</summary>
    private const int NoDevice = 19;

    private readonly byte[] fsInfo = new byte[FsInfoSize];
    private readonly byte[] devInfo = new byte[BtrfsDevice.InfoSize];
    private readonly byte[] devStats = new byte[BtrfsDevice.StatsSize];

    /// <summary>The id (fsid, 16 bytes) of the btrfs filesystem mounted at <paramref name="mountPath"/> (NUL-terminated UTF-8); false when it is not one.</summary>
    public bool TryReadFsid(byte[] mountPath, Span<byte> fsid)
    {
        var fd = LibC.Open(ref mountPath[0], LibC.OpenReadOnly | LibC.OpenCloseOnExec);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            if (!ReadFsInfo(fd))
            {
                return false;
            }
            fsInfo.AsSpan(FsInfoFsid, 16).CopyTo(fsid);
            return true;
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    /// <summary>
    /// Fills <paramref name="devices"/> (reusing its entries) with the devices of the filesystem mounted at
    /// <paramref name="mountPath"/>, when that is still the filesystem <paramref name="fsid"/>; false otherwise (unmounted
    /// meanwhile, another filesystem there now, or a call refused), and the caller falls back to sysfs.
    /// </summary>
    public bool TryReadDevices(byte[] mountPath, ReadOnlySpan<byte> fsid, List<BtrfsDevice> devices)
    {
        var fd = LibC.Open(ref mountPath[0], LibC.OpenReadOnly | LibC.OpenCloseOnExec);
        if (fd < 0)
        {
            return false;
        }
        try
        {
            if (!ReadFsInfo(fd) || !fsInfo.AsSpan(FsInfoFsid, 16).SequenceEqual(fsid))
            {
                return false;
            }
            var maxId = BinaryPrimitives.ReadUInt64LittleEndian(fsInfo);
            var count = BinaryPrimitives.ReadUInt64LittleEndian(fsInfo.AsSpan(8));
            var found = 0;
            for (var id = 0UL; id <= maxId && (ulong)found < count; id++)
            {
                // A zero uuid asks by id alone; the kernel fills in the rest.
                Array.Clear(devInfo);
                BinaryPrimitives.WriteUInt64LittleEndian(devInfo, id);
                if (LibC.Ioctl(fd, DevInfoRequest, ref devInfo[0]) != 0)
                {
                    if (Marshal.GetLastPInvokeError() == NoDevice)
                    {
                        continue;
                    }
                    return false;
                }
                Array.Clear(devStats);
                BinaryPrimitives.WriteUInt64LittleEndian(devStats, id);
                BinaryPrimitives.WriteUInt64LittleEndian(devStats.AsSpan(8), (ulong)BtrfsDevice.ErrorTypes.Length);
                if (LibC.Ioctl(fd, DevStatsRequest, ref devStats[0]) != 0)
                {
                    return false;
                }
                if (found == devices.Count)
                {
                    devices.Add(new BtrfsDevice());
                }
                devices[found++].Update(id, devInfo, devStats);
            }
            devices.RemoveRange(found, devices.Count - found);
            return true;
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    private bool ReadFsInfo(int fd)
    {
        Array.Clear(fsInfo);
        return LibC.Ioctl(fd, FsInfoRequest, ref fsInfo[0]) == 0;
    }
}
