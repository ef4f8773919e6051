using System.Buffers;
using Obs.Exporter.Collectors;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>
/// The hot path's promise (DESIGN §6): once warm, parsing a /proc file and writing its families allocates
/// nothing. Measured on the calling thread around a second scrape into a writer that already has its memory.
/// </summary>
[Collection(nameof(AllocationTests))]
public sealed class AllocationTests
{
    public delegate void Parse(ReadOnlySpan<byte> text, MetricsWriter writer);

    public static TheoryData<string> Files => ["stat", "stat ", "loadavg", "meminfo", "vmstat", "diskstats", "net/dev", "interrupts", "pressure/io", "sys/fs/file-nr",
        "net/netstat", "net/snmp", "net/snmp6", "net/sockstat", "net/softnet_stat"];

    [Theory]
    [MemberData(nameof(Files))]
    public void WarmParseAndWriteAllocatesNothing(string file)
    {
        var text = NodeFixtures.Read("proc/" + file.Trim());
        var parse = ParserFor(file);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new MetricsWriter(buffer);
        parse(text, writer);

        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);
        var before = GC.GetAllocatedBytesForCurrentThread();
        parse(text, writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(buffer.WrittenCount > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void WarmFilesystemScrapeAllocatesAlmostNothingOnTheScrapingThread()
    {
        var collector = new FilesystemCollector(NodeFixtures.Paths with { Root = "/" }, new NodeCollectorOptions(),
            (byte[] _, out FilesystemUsage usage) => { usage = new FilesystemUsage(1, 1, 1, 1, 1); return 0; });
        var text = NodeFixtures.Read("proc/1/mountinfo");
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new MetricsWriter(buffer);
        // Two scrapes: the collector swaps two mount lists, and each grows its array once.
        collector.Write(text, writer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);
        collector.Write(text, writer);

        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);
        var before = GC.GetAllocatedBytesForCurrentThread();
        collector.Write(text, writer);
        // Handing the statfs batch to its worker thread may allocate a few bytes in a Release
        // build (seen: 24); per mount or per sample nothing may be allocated.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64);
    }

    private static Parse ParserFor(string file) => file switch
    {
        "stat" => new CpuCollector(NodePaths.Default).Write,
        "stat " => StatCollector.Write,
        "loadavg" => LoadavgCollector.Write,
        "meminfo" => new MeminfoCollector(NodePaths.Default).Write,
        "vmstat" => new VmstatCollector(NodePaths.Default).Write,
        "diskstats" => new DiskstatsCollector(NodeFixtures.Paths).Write,
        "net/dev" => new NetdevCollector(NodePaths.Default).Write,
        "interrupts" => new InterruptsCollector(NodePaths.Default).Write,
        "pressure/io" => (text, writer) => PressureCollector.Write("io", text, writer),
        "net/netstat" => new NetstatCollector(NodePaths.Default).WriteNetstat,
        "net/snmp" => new NetstatCollector(NodePaths.Default).WriteSnmp,
        "net/snmp6" => new NetstatCollector(NodePaths.Default).WriteSnmp6,
        "net/sockstat" => SockstatParser(new SockstatCollector(NodePaths.Default)),
        "net/softnet_stat" => new SoftnetCollector(NodePaths.Default).Write,
        _ => FilefdCollector.Write,
    };

    private static Parse SockstatParser(SockstatCollector collector) => (text, writer) =>
    {
        var index = 0;
        collector.Write(text, writer, ref index);
    };

    /// <summary>
    /// Counts only the scrape's own work, per collector on whichever thread ran it, and the set's bookkeeping on the
    /// scraping thread. (A process-wide count also took in whatever else was running: test-result reporting, other
    /// tests' timers; that failed this test at random.) Each is the least of several warm scrapes: a thread-pool
    /// thread's first use of a per-thread cache (the shared array pool's) costs once per thread, and which thread runs
    /// which collector varies; an allocation on every scrape still shows in every one.
    /// </summary>
    [Fact]
    public void ScrapeOfEveryCollectorAllocatesLittle()
    {
        var options = new NodeCollectorOptions { Paths = NodeFixtures.Paths, Enabled = NodeCollectorCatalog.Names.ToHashSet() };
        var scrapingThread = Environment.CurrentManagedThreadId;
        var counted = NodeCollectorCatalog.Names
            .Select(name => new ThreadAllocationCounter(NodeCollectorCatalog.Create(name, options), scrapingThread))
            .ToArray();
        var set = new NodeCollectorSet(counted.Select((collector, i) => KeyValuePair.Create(NodeCollectorCatalog.Names[i], (IMetricsCollector)collector)));
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        var writer = new MetricsWriter(buffer);
        for (var i = 0; i < 5; i++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer, ExpositionFormat.PrometheusText);
            set.Collect(writer);
        }

        var least = Enumerable.Repeat(long.MaxValue, counted.Length).ToArray();
        var leastOwn = long.MaxValue;
        for (var scrape = 0; scrape < 5; scrape++)
        {
            buffer.ResetWrittenCount();
            writer.Reset(buffer, ExpositionFormat.PrometheusText);
            foreach (var collector in counted)
            {
                collector.Reset();
            }
            var before = GC.GetAllocatedBytesForCurrentThread();
            set.Collect(writer);
            var onScrapingThread = GC.GetAllocatedBytesForCurrentThread() - before;
            leastOwn = Math.Min(leastOwn, onScrapingThread - counted.Sum(collector => collector.OnScrapingThread));
            for (var i = 0; i < counted.Length; i++)
            {
                least[i] = Math.Min(least[i], counted[i].Allocated);
            }
        }

        Assert.Contains("node_cpu_seconds_total", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
        var allocated = leastOwn + least.Sum();
        var each = string.Join(", ", least.Select((bytes, i) => (bytes, NodeCollectorCatalog.Names[i])).Where(pair => pair.bytes > 0).Select(pair => $"{pair.Item2} {pair.bytes}"));
        // Only netclass (opt-in) allocates when warm: it lists /sys/class/net on every scrape to see devices come and go.
        Assert.True(allocated < 2048, $"A warm scrape allocated {allocated} bytes (the set itself {leastOwn}; {each}).");
    }

    [Fact]
    public void AllocationCounterSeesACollectorThatAllocates()
    {
        // The measurement above must be able to fail: a collector allocating on a helper thread is counted.
        var counter = new ThreadAllocationCounter(new AllocatingCollector(), scrapingThread: -1);
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        var thread = new Thread(() => counter.Collect(writer));
        thread.Start();
        thread.Join();
        Assert.True(counter.Allocated >= 4096, $"counted {counter.Allocated} bytes");
    }

    private sealed class AllocatingCollector : IMetricsCollector
    {
        public static object? Kept { get; private set; }

        public void Collect(MetricsWriter writer) => Kept = new byte[4096];
    }

    /// <summary>Measures what its collector allocates on the thread it runs on, and how much of that was on the scraping thread.</summary>
    private sealed class ThreadAllocationCounter(IMetricsCollector inner, int scrapingThread) : IMetricsCollector
    {
        private long allocated;
        private long onScrapingThread;

        public long Allocated => Volatile.Read(ref allocated);

        public long OnScrapingThread => Volatile.Read(ref onScrapingThread);

        public void Reset()
        {
            Volatile.Write(ref allocated, 0);
            Volatile.Write(ref onScrapingThread, 0);
        }

        public void Collect(MetricsWriter writer)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            inner.Collect(writer);
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            Interlocked.Add(ref allocated, bytes);
            if (Environment.CurrentManagedThreadId == scrapingThread)
            {
                Interlocked.Add(ref onScrapingThread, bytes);
            }
        }
    }
}

/// <summary>
/// The fixture scrapes of these tests are kept apart from the other collector tests: each allocation count is per
/// thread, but a busy thread pool would delay the helper threads a set's scrape relies on.
/// </summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection;
