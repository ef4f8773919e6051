using System.Buffers.Binary;
using System.Text;
using Obs.Exporter.Collectors;

namespace Obs.Exporter.Tests.Collectors;

public sealed class BtrfsDeviceTests
{
    private static readonly byte[] DeviceUuid = Convert.FromHexString("5a0c8e1f2b3d4c5e9f00112233445566");

    /// <summary>The kernel's DEV_INFO and GET_DEV_STATS buffers, laid out as linux/btrfs.h has them.</summary>
    private static (byte[] Info, byte[] Stats) Answers(string path, ulong used, ulong total, ulong items, params ulong[] errors)
    {
        var info = new byte[BtrfsDevice.InfoSize];
        BinaryPrimitives.WriteUInt64LittleEndian(info, 3);
        DeviceUuid.CopyTo(info, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(info.AsSpan(24), used);
        BinaryPrimitives.WriteUInt64LittleEndian(info.AsSpan(32), total);
        Encoding.UTF8.GetBytes(path).CopyTo(info, 3072);
        var stats = new byte[BtrfsDevice.StatsSize];
        BinaryPrimitives.WriteUInt64LittleEndian(stats, 3);
        BinaryPrimitives.WriteUInt64LittleEndian(stats.AsSpan(8), items);
        for (var i = 0; i < errors.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(stats.AsSpan(24 + (i * 8)), errors[i]);
        }
        return (info, stats);
    }

    [Fact]
    public void AnswersGiveNameUuidSizesAndErrorsByType()
    {
        var (info, stats) = Answers("/dev/mapper/vg-data", 1_000, 10_000, 5, 1, 2, 3, 4, 5);
        var device = new BtrfsDevice();
        device.Update(3, info, stats);
        Assert.Equal(3UL, device.Id);
        Assert.Equal("vg-data", device.Name);
        Assert.Equal("5a0c8e1f-2b3d-4c5e-9f00-112233445566", device.Uuid);
        Assert.Equal(1_000UL, device.UsedBytes);
        Assert.Equal(10_000UL, device.TotalBytes);
        Assert.Equal(["write", "read", "flush", "corruption", "generation"], BtrfsDevice.ErrorTypes);
        Assert.Equal([1UL, 2, 3, 4, 5], device.Errors);
    }

    /// <summary>A kernel that fills fewer counters than asked says so in nr_items: the others are 0, not stale.</summary>
    [Fact]
    public void CountersTheKernelDidNotFillAreZero()
    {
        var device = new BtrfsDevice();
        var (info, stats) = Answers("/dev/sdb", 0, 1, 5, 9, 9, 9, 9, 9);
        device.Update(3, info, stats);
        (info, stats) = Answers("/dev/sdb", 0, 1, 2, 7, 8, 9, 9, 9);
        device.Update(3, info, stats);
        Assert.Equal([7UL, 8, 0, 0, 0], device.Errors);
    }

    [Fact]
    public void AWarmUpdateKeepsItsStringsAndARenamedDeviceGetsNewOnes()
    {
        var device = new BtrfsDevice();
        var (info, stats) = Answers("/dev/sdb", 0, 1, 5);
        device.Update(3, info, stats);
        var (name, uuid) = (device.Name, device.Uuid);
        device.Update(3, info, stats);
        Assert.Same(name, device.Name);
        Assert.Same(uuid, device.Uuid);
        (info, stats) = Answers("/dev/sdc", 0, 1, 5);
        device.Update(3, info, stats);
        Assert.Equal("sdc", device.Name);
    }

    [Fact]
    public void SysfsDirectoryNamesAreTheFilesystemIdsBytes()
    {
        Assert.Equal(Convert.FromHexString("7f5ba6f03a6e4d0b8f3c2c2d9b6b8a11"), BtrfsCollector.ParseFsid("7f5ba6f0-3a6e-4d0b-8f3c-2c2d9b6b8a11"));
        Assert.Equal(new byte[16], BtrfsCollector.ParseFsid("features"));
    }
}
