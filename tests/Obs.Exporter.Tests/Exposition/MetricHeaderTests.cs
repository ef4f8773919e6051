using System.Buffers;
using System.Text;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Exposition;

public sealed class MetricHeaderTests
{
    private static string Write(ExpositionFormat format, Action<MetricsWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new MetricsWriter(buffer, format));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public void AnEncodedHeaderWritesWhatWriteHeaderWrites(ExpositionFormat format)
    {
        const string help = "Seconds spent \\ waiting\non \"io\".";
        var header = new MetricHeader("node_io_wait_seconds_total", MetricFamilyType.Counter, help, "seconds");
        var expected = Write(format, w =>
        {
            w.WriteHeader("node_io_wait_seconds_total", MetricFamilyType.Counter, help, "seconds");
            w.BeginSample("node_io_wait_seconds_total").Label("device", "sda").Value(1.5);
        });
        var actual = Write(format, w =>
        {
            w.WriteHeader(header);
            w.BeginSample("node_io_wait_seconds_total").Label("device", "sda").Value(1.5);
        });
        Assert.Equal(expected, actual);
        Assert.Contains("# HELP node_io_wait_seconds", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEncodedHeaderIsCheckedWhenMadeNotWhenWritten() =>
        Assert.Throws<ArgumentException>(() => new MetricHeader("node_io_wait_seconds", MetricFamilyType.Counter, "no _total"));

    [Fact]
    public void AFamilyWrittenTwiceIsRefusedWhicheverWayItsHeaderCame()
    {
        var header = new MetricHeader("node_load1", MetricFamilyType.Gauge, "1m load average.");
        var e = Assert.Throws<InvalidOperationException>(() => Write(ExpositionFormat.PrometheusText, w =>
        {
            w.WriteHeader("node_load1", MetricFamilyType.Gauge, "1m load average.");
            w.WriteHeader(header);
        }));
        Assert.Contains("'node_load1' was already written", e.Message, StringComparison.Ordinal);
    }
}
