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
    /// Counts only the scrape's own work: the calling thread's allocations around <see cref="NodeCollectorSet.Collect"/>
    /// (the set's bookkeeping and the collectors it ran itself) plus, measured on the helper threads that ran them, the
    /// collectors run elsewhere. A process-wide count also took in whatever else was running (test-result reporting,
    /// other tests' timers), which failed this test at random.
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
        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);
        foreach (var collector in counted)
        {
            collector.Reset();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        set.Collect(writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before + counted.Sum(collector => collector.AllocatedElsewhere);
        // Only netclass (opt-in) allocates when warm: it lists /sys/class/net on every scrape to see devices come and go.

        Assert.Contains("node_cpu_seconds_total", System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), StringComparison.Ordinal);
        var each = string.Join(", ", counted.Where(c => c.AllocatedElsewhere > 0).Select(c => $"{c.Inner.GetType().Name} {c.AllocatedElsewhere}"));
        Assert.True(allocated < 2048, $"A warm scrape allocated {allocated} bytes (on helper threads: {each}).");
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
        Assert.True(counter.AllocatedElsewhere >= 4096, $"counted {counter.AllocatedElsewhere} bytes");
    }

    private sealed class AllocatingCollector : IMetricsCollector
    {
        public static object? Kept { get; private set; }

        public void Collect(MetricsWriter writer) => Kept = new byte[4096];
    }

    /// <summary>Measures what its collector allocates on the thread it runs on, when that is not the scraping thread.</summary>
    private sealed class ThreadAllocationCounter(IMetricsCollector inner, int scrapingThread) : IMetricsCollector
    {
        private long allocatedElsewhere;

        public IMetricsCollector Inner => inner;

        public long AllocatedElsewhere => Volatile.Read(ref allocatedElsewhere);

        public void Reset() => Volatile.Write(ref allocatedElsewhere, 0);

        public void Collect(MetricsWriter writer)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            inner.Collect(writer);
            if (Environment.CurrentManagedThreadId != scrapingThread)
            {
                Interlocked.Add(ref allocatedElsewhere, GC.GetAllocatedBytesForCurrentThread() - before);
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
