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

    [Fact]
    public void ScrapeOfEveryCollectorAllocatesLittle()
    {
        var set = NodeCollectorSet.Create(new NodeCollectorOptions { Paths = NodeFixtures.Paths, Enabled = NodeCollectorCatalog.Names.ToHashSet() });
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

        var before = GC.GetTotalAllocatedBytes(precise: true);
        set.Collect(writer);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        // Files stay open between scrapes; other test classes running meanwhile may add a little.
        Assert.True(allocated < 4 * 1024, $"A warm scrape allocated {allocated} bytes.");
    }
}

/// <summary>Allocation counts cover every thread, so these tests run while no other test does.</summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public sealed class AllocationTestsCollection;
