using System.Buffers;
using System.Diagnostics;
using Obs.Exporter.Collectors;
using Obs.Exporter.Exposition;
using Xunit.Abstractions;

namespace Obs.Exporter.Tests.Collectors;

/// <summary>
/// Reports (does not assert) how long a scrape of the default node collectors takes on this machine, wall
/// clock and process CPU, for the record; run with <c>--logger "console;verbosity=detailed"</c> to see it.
/// </summary>
public sealed class NodeScrapeTimingTests(ITestOutputHelper output)
{
    [Fact]
    public void ReportsScrapeTimeOfTheDefaultCollectors()
    {
        var set = NodeCollectorSet.Create(new NodeCollectorOptions());
        var buffer = new ArrayBufferWriter<byte>(256 * 1024);
        var writer = new MetricsWriter(buffer);
        const int Scrapes = 200;
        var times = new double[Scrapes];
        for (var i = 0; i < 20; i++)
        {
            Scrape(set, buffer, writer);
        }
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < Scrapes; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Scrape(set, buffer, writer);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / Scrapes;
        Array.Sort(times);
        output.WriteLine($"{Scrapes} scrapes, {buffer.WrittenCount} bytes each: median {times[Scrapes / 2]:F3} ms, p90 {times[Scrapes * 9 / 10]:F3} ms, CPU {cpu:F3} ms per scrape");
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        output.WriteLine(string.Join('\n', text.Split('\n').Where(line => line.StartsWith("node_scrape_collector_duration_seconds{", StringComparison.Ordinal))));
        Assert.True(buffer.WrittenCount > 0);
    }

    private static void Scrape(NodeCollectorSet set, ArrayBufferWriter<byte> buffer, MetricsWriter writer)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);
        set.Collect(writer);
    }
}
