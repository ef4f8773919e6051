using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Obs.Exporter.Collectors;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.Collectors;

public sealed class FilesystemCollectorTests
{
    private static readonly Dictionary<string, FilesystemUsage> Usages = new(StringComparer.Ordinal)
    {
        ["/run"] = new(1638993920, 1637945344, 1637945344, 2000725, 1999820),
        ["/"] = new(500107862016, 300000000000, 274877906944, 30531584, 29000000),
        ["/boot"] = new(535805952, 400000000, 400000000, 0, 0),
    };

    [Fact]
    public void FixtureMountsLessExclusionsAndDuplicatesGiveEveryFamily()
    {
        var collector = Create(new FakeStatfs().Call);
        Assert.Equal(""""
        # HELP node_filesystem_device_error Whether an error occurred while getting statistics for the given device.
        # TYPE node_filesystem_device_error gauge
        node_filesystem_device_error{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 0
        node_filesystem_device_error{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 0
        node_filesystem_device_error{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 0
        node_filesystem_device_error{device="server:/export",mountpoint="/mnt/nfs share",fstype="nfs4",device_error="permission denied"} 1
        # HELP node_filesystem_readonly Filesystem read-only status.
        # TYPE node_filesystem_readonly gauge
        node_filesystem_readonly{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 0
        node_filesystem_readonly{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 0
        node_filesystem_readonly{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 1
        node_filesystem_readonly{device="server:/export",mountpoint="/mnt/nfs share",fstype="nfs4",device_error="permission denied"} 0
        # HELP node_filesystem_size_bytes Filesystem size in bytes.
        # TYPE node_filesystem_size_bytes gauge
        node_filesystem_size_bytes{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 1.63899392e+09
        node_filesystem_size_bytes{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 5.00107862016e+11
        node_filesystem_size_bytes{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 5.35805952e+08
        # HELP node_filesystem_free_bytes Filesystem free space in bytes.
        # TYPE node_filesystem_free_bytes gauge
        node_filesystem_free_bytes{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 1.637945344e+09
        node_filesystem_free_bytes{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 3e+11
        node_filesystem_free_bytes{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 4e+08
        # HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.
        # TYPE node_filesystem_avail_bytes gauge
        node_filesystem_avail_bytes{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 1.637945344e+09
        node_filesystem_avail_bytes{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 2.74877906944e+11
        node_filesystem_avail_bytes{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 4e+08
        # HELP node_filesystem_files Filesystem total file nodes.
        # TYPE node_filesystem_files gauge
        node_filesystem_files{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 2.000725e+06
        node_filesystem_files{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 3.0531584e+07
        node_filesystem_files{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 0
        # HELP node_filesystem_files_free Filesystem total free file nodes.
        # TYPE node_filesystem_files_free gauge
        node_filesystem_files_free{device="tmpfs",mountpoint="/run",fstype="tmpfs",device_error=""} 1.99982e+06
        node_filesystem_files_free{device="/dev/sda1",mountpoint="/",fstype="ext4",device_error=""} 2.9e+07
        node_filesystem_files_free{device="/dev/sda2",mountpoint="/boot",fstype="vfat",device_error=""} 0
        # HELP node_filesystem_mount_info Filesystem mount information.
        # TYPE node_filesystem_mount_info gauge
        node_filesystem_mount_info{device="tmpfs",major="0",minor="24",mountpoint="/run"} 1
        node_filesystem_mount_info{device="/dev/sda1",major="8",minor="1",mountpoint="/"} 1
        node_filesystem_mount_info{device="/dev/sda2",major="8",minor="2",mountpoint="/boot"} 1

        """", NodeFixtures.Collect(collector));
    }

    [Fact]
    public void StuckMountIsReportedWithinTheTimeoutAndSkippedUntilItAnswers()
    {
        var statfs = new FakeStatfs { Blocking = ["/boot"] };
        var collector = Create(statfs.Call, TimeSpan.FromMilliseconds(200));
        try
        {
            var clock = Stopwatch.StartNew();
            var first = NodeFixtures.Collect(collector);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"The scrape took {clock.Elapsed} with a stuck mount.");
            Assert.Contains("node_filesystem_device_error{device=\"/dev/sda2\",mountpoint=\"/boot\",fstype=\"vfat\",device_error=\"mountpoint timeout\"} 1\n", first, StringComparison.Ordinal);
            Assert.DoesNotContain("node_filesystem_size_bytes{device=\"/dev/sda2\"", first, StringComparison.Ordinal);
            // The mount after the stuck one is still asked, by a fresh worker (and answers permission denied).
            Assert.Contains("node_filesystem_device_error{device=\"server:/export\",mountpoint=\"/mnt/nfs share\",fstype=\"nfs4\",device_error=\"permission denied\"} 1\n", first, StringComparison.Ordinal);
            Assert.Contains("node_filesystem_size_bytes{device=\"/dev/sda1\",mountpoint=\"/\",fstype=\"ext4\",device_error=\"\"} 5.00107862016e+11\n", first, StringComparison.Ordinal);
            Assert.Contains("node_filesystem_size_bytes{device=\"tmpfs\",mountpoint=\"/run\",fstype=\"tmpfs\",device_error=\"\"} 1.63899392e+09\n", first, StringComparison.Ordinal);
            Assert.Equal(1, collector.StuckMounts);

            var second = NodeFixtures.Collect(collector);
            Assert.Contains("device_error=\"mountpoint timeout\"} 1\n", second, StringComparison.Ordinal);
            Assert.Equal(1, statfs.CallsFor("/boot"));
        }
        finally
        {
            statfs.Release();
        }

        var deadline = Stopwatch.StartNew();
        while (collector.StuckMounts > 0 && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }
        Assert.Equal(0, collector.StuckMounts);
        var recovered = NodeFixtures.Collect(collector);
        Assert.Equal(2, statfs.CallsFor("/boot"));
        Assert.Contains("node_filesystem_size_bytes{device=\"/dev/sda2\",mountpoint=\"/boot\",fstype=\"vfat\",device_error=\"\"} 5.35805952e+08\n", recovered, StringComparison.Ordinal);
    }

    [Fact]
    public void SlowMountsWithinTheTimeoutAreMeasuredAndEveryStuckOneIsReported()
    {
        var statfs = new FakeStatfs
        {
            Blocking = ["/boot", "/mnt/nfs share"],
            Delays = new() { ["/"] = TimeSpan.FromMilliseconds(150), ["/run"] = TimeSpan.FromMilliseconds(150) },
        };
        var collector = Create(statfs.Call, TimeSpan.FromSeconds(1));
        try
        {
            var text = NodeFixtures.Collect(collector);
            Assert.Contains("node_filesystem_device_error{device=\"/dev/sda2\",mountpoint=\"/boot\",fstype=\"vfat\",device_error=\"mountpoint timeout\"} 1\n", text, StringComparison.Ordinal);
            Assert.Contains("node_filesystem_device_error{device=\"server:/export\",mountpoint=\"/mnt/nfs share\",fstype=\"nfs4\",device_error=\"mountpoint timeout\"} 1\n", text, StringComparison.Ordinal);
            Assert.Contains("node_filesystem_device_error{device=\"/dev/sda1\",mountpoint=\"/\",fstype=\"ext4\",device_error=\"\"} 0\n", text, StringComparison.Ordinal);
            Assert.Contains("node_filesystem_device_error{device=\"tmpfs\",mountpoint=\"/run\",fstype=\"tmpfs\",device_error=\"\"} 0\n", text, StringComparison.Ordinal);
            Assert.Equal(2, collector.StuckMounts);
        }
        finally
        {
            statfs.Release();
        }
    }

    /// <summary>ext4 and tmpfs answer from memory, on the scraping thread; vfat, NFS and a project-quota ext4 go to the worker.</summary>
    [Fact]
    public void LocalFilesystemsAreAskedOnTheScrapingThreadAndTheRestOnTheWorker()
    {
        using var proc = new TemporaryDirectory();
        proc.Write("1/mountinfo", """
            29 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            30 29 0:24 / /run rw,nosuid - tmpfs tmpfs rw,size=1600000k
            31 29 8:2 / /boot rw - vfat /dev/sda2 rw
            32 29 0:50 / /mnt/nfs rw - nfs4 server:/export rw
            33 29 8:3 / /srv rw - ext4 /dev/sda3 rw,prjquota
            34 29 8:4 / /data rw - xfs /dev/sda4 rw,attr2,inode64

            """);
        var statfs = new FakeStatfs();
        NodeFixtures.Collect(new FilesystemCollector(new NodePaths(proc.Path), new NodeCollectorOptions(), statfs.Call));
        var scraping = Environment.CurrentManagedThreadId;
        Assert.Equal(["/", "/data", "/run"], statfs.ThreadsByPath.Where(pair => pair.Value == scraping).Select(pair => pair.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["/boot", "/mnt/nfs", "/srv"], statfs.ThreadsByPath.Where(pair => pair.Value != scraping).Select(pair => pair.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SelfMountinfoIsReadWhenPidOnesIsMissing()
    {
        using var proc = new TemporaryDirectory();
        proc.Write("self/mountinfo", "29 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n");
        var collector = new FilesystemCollector(new NodePaths(proc.Path), new NodeCollectorOptions(), new FakeStatfs().Call);
        Assert.Contains("node_filesystem_size_bytes{device=\"/dev/sda1\",mountpoint=\"/\",fstype=\"ext4\",device_error=\"\"} 5.00107862016e+11\n",
            NodeFixtures.Collect(collector), StringComparison.Ordinal);
    }

    [Fact]
    public void RootfsPrefixIsStatedButStrippedFromLabels()
    {
        using var proc = new TemporaryDirectory();
        proc.Write("1/mountinfo", """
            40 1 8:1 / /host rw,relatime - ext4 /dev/sda1 rw
            41 40 8:3 / /host/var ro,relatime - xfs /dev/sda3 rw
            42 1 0:50 / /etc/hosts rw - ext4 /dev/sdb rw

            """);
        var statfs = new FakeStatfs();
        var collector = new FilesystemCollector(new NodePaths(proc.Path, "/sys", "/host"), new NodeCollectorOptions(), statfs.Call);
        var text = NodeFixtures.Collect(collector);
        Assert.Contains("node_filesystem_readonly{device=\"/dev/sda1\",mountpoint=\"/\",fstype=\"ext4\",device_error=\"\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("node_filesystem_readonly{device=\"/dev/sda3\",mountpoint=\"/var\",fstype=\"xfs\",device_error=\"\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(["/host", "/host/var", "/host/etc/hosts"], statfs.Paths);
    }

    [Fact]
    public void NativeStatfsMeasuresTheRootFilesystem()
    {
        var path = Encoding.UTF8.GetBytes("/\0");
        Assert.Equal(0, Statfs.Native(path, out var usage));
        Assert.True(usage.SizeBytes > 0 && usage.AvailableBytes <= usage.FreeBytes && usage.FreeBytes <= usage.SizeBytes, usage.ToString());
        Assert.Equal(2, Statfs.Native(Encoding.UTF8.GetBytes("/no/such/mount\0"), out _));
    }

    private static FilesystemCollector Create(StatfsCall call, TimeSpan? timeout = null) =>
        new(NodeFixtures.Paths with { Root = "/" }, new NodeCollectorOptions { MountTimeout = timeout ?? TimeSpan.FromSeconds(5) }, call);

    /// <summary>Answers from <see cref="Usages"/>, permission denied for the rest, and blocks on <see cref="Blocking"/> until released.</summary>
    private sealed class FakeStatfs
    {
        private readonly ManualResetEventSlim gate = new(false);
        private readonly ConcurrentQueue<string> paths = new();
        private readonly ConcurrentDictionary<string, int> threads = new();

        public HashSet<string> Blocking { get; init; } = [];

        public Dictionary<string, TimeSpan> Delays { get; init; } = [];

        public List<string> Paths => [.. paths];

        /// <summary>The managed thread each mount was asked on.</summary>
        public IReadOnlyDictionary<string, int> ThreadsByPath => threads;

        public int CallsFor(string path) => paths.Count(p => p == path);

        public void Release() => gate.Set();

        public int Call(byte[] path, out FilesystemUsage usage)
        {
            var mount = Encoding.UTF8.GetString(path).TrimEnd('\0');
            paths.Enqueue(mount);
            threads[mount] = Environment.CurrentManagedThreadId;
            if (Blocking.Contains(mount))
            {
                gate.Wait();
            }
            if (Delays.TryGetValue(mount, out var delay))
            {
                Thread.Sleep(delay);
            }
            var key = mount.StartsWith("/host", StringComparison.Ordinal) ? "/" : mount;
            if (Usages.TryGetValue(key, out usage) || mount.StartsWith("/host", StringComparison.Ordinal))
            {
                return 0;
            }
            return 13;
        }
    }
}
