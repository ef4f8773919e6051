using System.Buffers;
using Obs.Exporter.Collectors;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>
/// A real btrfs filesystem on a loop device, mounted: the collector asks it for its devices through ioctls and reports
/// node_exporter's device families, the same series and values as Debian's node_exporter on the same mount. Needs root;
/// runs alone, since the mount is seen by every collector on the machine while it lasts.
/// </summary>
[Collection(nameof(BtrfsMountedFilesystemTests))]
public sealed class BtrfsMountedFilesystemTests
{
    private const long Size = 256L * 1024 * 1024;

    [RootFact]
    public void MountedFilesystemReportsDeviceErrorsUnusedBytesAndDeviceUuids()
    {
        using var filesystem = new BtrfsLoopFilesystem("obs-test", Size);
        var ours = ExpositionSamples.Parse(NodeFixtures.Collect(new BtrfsCollector(NodePaths.Default)));

        var device = $"btrfs_dev_uuid=\"{filesystem.DeviceUuid}\",device=\"{filesystem.DeviceName}\"";
        var uuid = $"uuid=\"{filesystem.Uuid}\"";
        Assert.Equal(1, ours[$"node_btrfs_info{{label=\"obs-test\",{uuid}}}"]);
        foreach (var type in new[] { "write", "read", "flush", "corruption", "generation" })
        {
            Assert.Equal(0, ours[$"node_btrfs_device_errors_total{{{device},type=\"{type}\",{uuid}}}"]);
        }
        Assert.Equal(Size, ours[$"node_btrfs_device_size_bytes{{{device},{uuid}}}"]);
        // mkfs allocates the first chunks: some of the device is used, most is not.
        Assert.InRange(ours[$"node_btrfs_device_unused_bytes{{{device},{uuid}}}"], Size / 2, Size - 1);
        Assert.DoesNotContain($"node_btrfs_device_size_bytes{{device=\"{filesystem.DeviceName}\",{uuid}}}", ours.Keys);

        Assert.True(File.Exists(NodeExporterProcess.Binary), $"{NodeExporterProcess.Binary} is missing: install it with apt-get install -y prometheus-node-exporter");
        var theirs = ExpositionSamples.Parse(NodeExporterProcess.Scrape(["--collector.btrfs"]));
        // This node_exporter (1.5) has no commit statistics; everything else of this filesystem is the same series with the same value.
        static SortedDictionary<string, double> Of(Dictionary<string, double> samples, string uuid) => new(
            samples.Where(pair => pair.Key.StartsWith("node_btrfs_", StringComparison.Ordinal) && pair.Key.Contains(uuid, StringComparison.Ordinal)
                && !pair.Key.Contains("commit", StringComparison.Ordinal)).ToDictionary(), StringComparer.Ordinal);
        Assert.Equal(Of(theirs, uuid), Of(ours, uuid));
    }

    /// <summary>The ioctls run on every scrape: once warm, a scrape of the mounted filesystem allocates nothing.</summary>
    [RootFact]
    public void WarmScrapeOfAMountedFilesystemAllocatesNothing()
    {
        using var filesystem = new BtrfsLoopFilesystem("obs-alloc", Size);
        var collector = new BtrfsCollector(NodePaths.Default);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new MetricsWriter(buffer);
        collector.Collect(writer);
        Assert.Contains("node_btrfs_device_errors_total", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);

        var least = long.MaxValue;
        for (var scrape = 0; scrape < 3; scrape++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer, ExpositionFormat.PrometheusText);
            var before = GC.GetAllocatedBytesForCurrentThread();
            collector.Collect(writer);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
    }
}

[CollectionDefinition(nameof(BtrfsMountedFilesystemTests), DisableParallelization = true)]
public sealed class BtrfsMountedFilesystemTestsCollection;
