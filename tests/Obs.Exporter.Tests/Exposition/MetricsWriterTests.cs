using System.Buffers;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.Tests.Exposition;

public sealed class MetricsWriterTests
{
    [Fact]
    public void CounterIsWrittenWithHelpThenTypeInTheTextFormat()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("apiserver_request_total", MetricFamilyType.Counter, "Counter of apiserver requests.");
            w.WriteSample("apiserver_request_total", [new("verb", "GET"), new("code", "200")], 17L);
            w.WriteSample("apiserver_request_total", [new("verb", "POST"), new("code", "201")], 2L);
        });

        Assert.Equal(
            "# HELP apiserver_request_total Counter of apiserver requests.\n" +
            "# TYPE apiserver_request_total counter\n" +
            "apiserver_request_total{verb=\"GET\",code=\"200\"} 17\n" +
            "apiserver_request_total{verb=\"POST\",code=\"201\"} 2\n",
            text);
    }

    [Fact]
    public void OpenMetricsCounterMetadataDropsTotalAndOrdersTypeUnitHelp()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("process_cpu_seconds_total", MetricFamilyType.Counter, "CPU time.", "seconds");
            w.WriteSample("process_cpu_seconds_total", 1.5);
        }, ExpositionFormat.OpenMetrics);

        Assert.Equal(
            "# TYPE process_cpu_seconds counter\n" +
            "# UNIT process_cpu_seconds seconds\n" +
            "# HELP process_cpu_seconds CPU time.\n" +
            "process_cpu_seconds_total 1.5\n" +
            "# EOF\n",
            text);
    }

    [Fact]
    public void CounterUnitIsCheckedAgainstTheNameWithoutTotalInTheTextFormatToo()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("process_cpu_seconds_total", MetricFamilyType.Counter, "CPU time.", "seconds");
            w.WriteSample("process_cpu_seconds_total", 1.5);
        });

        Assert.Equal("# HELP process_cpu_seconds_total CPU time.\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total 1.5\n", text);
    }

    [Fact]
    public void UnitIsOnlyWrittenInOpenMetrics()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("node_memory_MemFree_bytes", MetricFamilyType.Gauge, "Free memory.", "bytes");
            w.WriteSample("node_memory_MemFree_bytes", 1073741824L);
        });

        Assert.Equal(
            "# HELP node_memory_MemFree_bytes Free memory.\n" +
            "# TYPE node_memory_MemFree_bytes gauge\n" +
            "node_memory_MemFree_bytes 1073741824\n",
            text);
    }

    [Fact]
    public void HelpEscapesBackslashAndNewlineButNotQuotesInTheTextFormat()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Gauge, "a \\ b \"c\"\nd");
            w.WriteSample("x", 1L);
        });

        Assert.Equal("# HELP x a \\\\ b \"c\"\\nd\n# TYPE x gauge\nx 1\n", text);
    }

    [Fact]
    public void HelpAlsoEscapesQuotesInOpenMetrics()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Gauge, "a \\ b \"c\"\nd");
            w.WriteSample("x", 1L);
        }, ExpositionFormat.OpenMetrics);

        Assert.Equal("# TYPE x gauge\n# HELP x a \\\\ b \\\"c\\\"\\nd\nx 1\n# EOF\n", text);
    }

    [Fact]
    public void LabelValuesEscapeBackslashQuoteAndNewlineAndKeepUnicode()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Gauge, null);
            w.WriteSample("x", [new("path", "C:\\dir \"q\"\nnext"), new("name", "ünïcødé ✓")], 1L);
        });

        Assert.Equal("# TYPE x gauge\nx{path=\"C:\\\\dir \\\"q\\\"\\nnext\",name=\"ünïcødé ✓\"} 1\n", text);
    }

    [Fact]
    public void SpecialFloatValuesAreWrittenAsPrometheusSpellsThem()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Gauge, "h");
            w.WriteSample("x", [new("v", "nan")], double.NaN);
            w.WriteSample("x", [new("v", "inf")], double.PositiveInfinity);
            w.WriteSample("x", [new("v", "-inf")], double.NegativeInfinity);
        });

        Assert.Equal(
            "# HELP x h\n# TYPE x gauge\n" +
            "x{v=\"nan\"} NaN\n" +
            "x{v=\"inf\"} +Inf\n" +
            "x{v=\"-inf\"} -Inf\n",
            text);
    }

    [Fact]
    public void HistogramBucketsAscendEndingWithInfEqualToCountThenSumAndCount()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("http_server_request_duration_seconds", MetricFamilyType.Histogram, "Duration.", "seconds");
            w.WriteHistogram("http_server_request_duration_seconds", [new("http_route", "/api")],
                [0.005, 0.1, 1], [1, 3, 4], count: 5, sum: 7.25);
        });

        Assert.Equal(
            "# HELP http_server_request_duration_seconds Duration.\n" +
            "# TYPE http_server_request_duration_seconds histogram\n" +
            "http_server_request_duration_seconds_bucket{http_route=\"/api\",le=\"0.005\"} 1\n" +
            "http_server_request_duration_seconds_bucket{http_route=\"/api\",le=\"0.1\"} 3\n" +
            "http_server_request_duration_seconds_bucket{http_route=\"/api\",le=\"1\"} 4\n" +
            "http_server_request_duration_seconds_bucket{http_route=\"/api\",le=\"+Inf\"} 5\n" +
            "http_server_request_duration_seconds_sum{http_route=\"/api\"} 7.25\n" +
            "http_server_request_duration_seconds_count{http_route=\"/api\"} 5\n",
            text);
    }

    [Fact]
    public void OpenMetricsHistogramUsesCanonicalBucketBounds()
    {
        var text = Rendered.Text(w =>
        {
            w.WriteHeader("job_duration_seconds", MetricFamilyType.Histogram, null, "seconds");
            w.WriteHistogram("job_duration_seconds", [], [0.5, 1, 10], [0, 2, 2], count: 3, sum: 12);
        }, ExpositionFormat.OpenMetrics);

        Assert.Equal(
            "# TYPE job_duration_seconds histogram\n" +
            "# UNIT job_duration_seconds seconds\n" +
            "job_duration_seconds_bucket{le=\"0.5\"} 0\n" +
            "job_duration_seconds_bucket{le=\"1.0\"} 2\n" +
            "job_duration_seconds_bucket{le=\"10.0\"} 2\n" +
            "job_duration_seconds_bucket{le=\"+Inf\"} 3\n" +
            "job_duration_seconds_sum 12.0\n" +
            "job_duration_seconds_count 3\n" +
            "# EOF\n",
            text);
    }

    [Fact]
    public void UntypedFamilyIsUnknownInOpenMetrics()
    {
        Assert.Equal("# TYPE x untyped\nx 1\n", Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Unknown, null);
            w.WriteSample("x", 1L);
        }));
        Assert.Equal("# TYPE x unknown\nx 1\n# EOF\n", Rendered.Text(w =>
        {
            w.WriteHeader("x", MetricFamilyType.Unknown, null);
            w.WriteSample("x", 1L);
        }, ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public void FamilyWrittenTwiceIsRejected()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        writer.WriteHeader("x", MetricFamilyType.Gauge, null);
        var error = Assert.Throws<InvalidOperationException>(() => writer.WriteHeader("x", MetricFamilyType.Gauge, null));
        Assert.Contains("'x' was already written", error.Message);
    }

    [Theory]
    [InlineData("y")]
    [InlineData("x_total")]
    [InlineData("x_bucket")]
    public void SampleOutsideTheCurrentFamilyIsRejected(string sample)
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        writer.WriteHeader("x", MetricFamilyType.Gauge, null);
        Assert.Throws<InvalidOperationException>(() => writer.WriteSample(sample, 1L));
    }

    [Fact]
    public void SampleBeforeAnyHeaderIsRejected()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<InvalidOperationException>(() => writer.WriteSample("x", 1L));
    }

    [Fact]
    public void CounterMustBeNamedWithTotal()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        var error = Assert.Throws<ArgumentException>(() => writer.WriteHeader("requests", MetricFamilyType.Counter, null));
        Assert.Contains("_total", error.Message);
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    [InlineData("")]
    public void InvalidMetricNameIsRejected(string name)
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        Assert.Throws<ArgumentException>(() => writer.WriteHeader(name, MetricFamilyType.Gauge, null));
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("1a")]
    [InlineData("__name__")]
    public void InvalidLabelNameIsRejected(string label)
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        writer.WriteHeader("x", MetricFamilyType.Gauge, null);
        Assert.Throws<ArgumentException>(() => writer.WriteSample("x", [new(label, "v")], 1L));
    }

    [Fact]
    public void UnitThatIsNotTheNameSuffixIsRejected()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>(), ExpositionFormat.OpenMetrics);
        Assert.Throws<ArgumentException>(() => writer.WriteHeader("x_bytes", MetricFamilyType.Gauge, null, "seconds"));
    }

    [Fact]
    public void HistogramBoundsMustAscend()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        writer.WriteHeader("h", MetricFamilyType.Histogram, null);
        Assert.Throws<ArgumentException>(() => writer.WriteHistogram("h", [], [1, 0.5], [1, 1], 1, 1));
    }

    [Fact]
    public void NothingCanBeWrittenAfterTheEnd()
    {
        var writer = new MetricsWriter(new ArrayBufferWriter<byte>());
        writer.WriteEnd();
        Assert.Throws<InvalidOperationException>(() => writer.WriteHeader("x", MetricFamilyType.Gauge, null));
    }
}
