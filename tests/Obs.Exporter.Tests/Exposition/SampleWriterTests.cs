using System.Buffers;
using System.Text;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Exposition;

public sealed class SampleWriterTests
{
    [Fact]
    public void LabelsFromSpansBytesAndNumbersAreWrittenInOrder()
    {
        var text = Rendered.Text(w =>
        {
            var line = "cpu3 idle"u8;
            w.WriteHeader("node_cpu_seconds_total", MetricFamilyType.Counter, "Seconds the CPUs spent in each mode.");
            w.BeginSample("node_cpu_seconds_total")
                .Label("cpu", "cpu3".AsSpan(3))
                .Label("mode", line[5..])
                .Label("core", 7)
                .Value(12345.67);
        });

        Assert.Equal(
            "# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n" +
            "# TYPE node_cpu_seconds_total counter\n" +
            "node_cpu_seconds_total{cpu=\"3\",mode=\"idle\",core=\"7\"} 12345.67\n",
            text);
    }

    [Fact]
    public void Utf8LabelValuesAreEscapedAndInvalidBytesReplaced()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Gauge, null);
            w.BeginSample("x").Label("a", "q\"\\\n"u8).Label("b", [0x66, 0xFF]).Value(0L);
        });

        Assert.Equal("# TYPE x gauge\nx{a=\"q\\\"\\\\\\n\",b=\"f\uFFFD\"} 0\n", text);
    }

    [Fact]
    public void SampleWithoutValueBlocksTheNextOne()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        writer.WriteHeader("x", MetricFamilyType.Gauge, null);
        writer.BeginSample("x").Label("a", "b");
        Assert.Throws<InvalidOperationException>(() => writer.WriteSample("x", 1L));
    }

    [Fact]
    public void WritingAScrapeWithAReusedWriterAllocatesNothing()
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var writer = new MetricsWriter(buffer);
        var device = "sda1 sdb2"u8;
        WriteFamily(writer, device); // warm up: JIT and the family set's storage
        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText); // as the registry does between scrapes

        var before = GC.GetAllocatedBytesForCurrentThread();
        WriteFamily(writer, device);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.StartsWith("# HELP node_disk_io_time_seconds_total", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteFamily(MetricsWriter writer, ReadOnlySpan<byte> devices)
    {
        writer.WriteHeader("node_disk_io_time_seconds_total", MetricFamilyType.Counter, "Total seconds spent doing I/Os.");
        for (var i = 0; i < 100; i++)
        {
            writer.BeginSample("node_disk_io_time_seconds_total")
                .Label("device", i % 2 == 0 ? devices[..4] : devices[5..])
                .Label("path", "/var/lib/obs")
                .Value(i * 0.125);
        }
    }
}
