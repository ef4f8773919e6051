using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Tests.Telemetry;

public sealed class MetricsRegistryTests : IDisposable
{
    // A meter name of its own per test, so tests running side by side never see each other's instruments.
    private readonly Meter meter = new("Obs.Tests." + Guid.NewGuid().ToString("N"));
    private readonly MetricsRegistry registry;
    private readonly List<(string Source, Exception Error)> errors = [];

    public MetricsRegistryTests()
    {
        registry = new MetricsRegistry(meter.Name) { Error = (source, error) => errors.Add((source, error)) };
    }

    public void Dispose()
    {
        registry.Dispose();
        meter.Dispose();
    }

    [Fact]
    public void CounterIsExposedWithTotalAndSanitisedLabels()
    {
        var requests = meter.CreateCounter<long>("obs.test.requests", description: "Requests handled.");
        requests.Add(3, new("http.request.method", "GET"), new("http.response.status_code", 200));

        Assert.Equal(
            "# HELP obs_test_requests_total Requests handled.\n" +
            "# TYPE obs_test_requests_total counter\n" +
            "obs_test_requests_total{http_request_method=\"GET\",http_response_status_code=\"200\"} 3\n",
            Scrape());
    }

    [Fact]
    public void ArrayAttributesAreJsonArraysAsOpenTelemetryAsks()
    {
        var requests = meter.CreateCounter<long>("obs.test.requests", description: "Requests handled.");
        requests.Add(1, new("names", new[] { "a", "b\"c\\d", "é<" }), new("codes", new long[] { 200, -1 }),
            new("ratios", new[] { 0.5, 1e21 }), new("flags", new[] { true, false }), new("empty", Array.Empty<int>()));

        Assert.Equal(
            "obs_test_requests_total{codes=\"[200,-1]\",empty=\"[]\",flags=\"[true,false]\"," +
            "names=\"[\\\"a\\\",\\\"b\\\\u0022c\\\\\\\\d\\\",\\\"\\\\u00E9\\\\u003C\\\"]\",ratios=\"[0.5,1E+21]\"} 1\n",
            Scrape().Split('\n', 3)[2]);
    }

    [Fact]
    public void GaugesNamedCountAreLeftOutSincePromtoolKeepsThatSuffixForHistograms()
    {
        meter.CreateObservableUpDownCounter("obs.test.timer.count", () => 7L, description: "Timers.");
        var sizes = meter.CreateHistogram<double>("obs.test.size.count", description: "A histogram keeps its name.");
        sizes.Record(1);

        var scrape = Scrape();
        Assert.DoesNotContain("obs_test_timer_count", scrape);
        Assert.Contains("# TYPE obs_test_size_count histogram\n", scrape);
    }

    [Fact]
    public void OpenMetricsIsServedWhenAcceptedAndEndsWithEof()
    {
        var requests = meter.CreateCounter<long>("obs.test.requests", description: "Requests handled.");
        requests.Add(3);
        var buffer = new ArrayBufferWriter<byte>();

        var contentType = registry.WriteTo(buffer, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");

        Assert.Equal("application/openmetrics-text; version=1.0.0; charset=utf-8", contentType);
        Assert.Equal(
            "# TYPE obs_test_requests counter\n" +
            "# HELP obs_test_requests Requests handled.\n" +
            "obs_test_requests_total 3\n" +
            "# EOF\n",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void TextFormatIsServedWithoutAnAcceptHeader()
    {
        var contentType = registry.WriteTo(new ArrayBufferWriter<byte>(), acceptHeader: null);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", contentType);
    }

    [Fact]
    public void PrometheusNamedInstrumentsKeepTheirNames()
    {
        var total = meter.CreateCounter<long>("apiserver_request_total", description: "Counter of apiserver requests.");
        total.Add(1, new KeyValuePair<string, object?>("verb", "LIST"));

        Assert.Equal(
            "# HELP apiserver_request_total Counter of apiserver requests.\n" +
            "# TYPE apiserver_request_total counter\n" +
            "apiserver_request_total{verb=\"LIST\"} 1\n",
            Scrape());
    }

    [Fact]
    public void HistogramUsesTheAdvisedBucketsCumulatively()
    {
        var duration = meter.CreateHistogram("obs.test.duration", "s", "Request duration.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.1, 1] });
        foreach (var seconds in new[] { 0.0078125, 0.0625, 0.5, 4 })
        {
            duration.Record(seconds, new KeyValuePair<string, object?>("http.route", "/api/v1/pods"));
        }

        Assert.Equal(
            "# HELP obs_test_duration_seconds Request duration.\n" +
            "# TYPE obs_test_duration_seconds histogram\n" +
            "obs_test_duration_seconds_bucket{http_route=\"/api/v1/pods\",le=\"0.01\"} 1\n" +
            "obs_test_duration_seconds_bucket{http_route=\"/api/v1/pods\",le=\"0.1\"} 2\n" +
            "obs_test_duration_seconds_bucket{http_route=\"/api/v1/pods\",le=\"1\"} 3\n" +
            "obs_test_duration_seconds_bucket{http_route=\"/api/v1/pods\",le=\"+Inf\"} 4\n" +
            "obs_test_duration_seconds_sum{http_route=\"/api/v1/pods\"} 4.5703125\n" +
            "obs_test_duration_seconds_count{http_route=\"/api/v1/pods\"} 4\n",
            Scrape());
    }

    [Fact]
    public void HistogramInOpenMetricsHasItsUnitAndCanonicalBounds()
    {
        var duration = meter.CreateHistogram("apiserver_request_duration_seconds", "s", "Response latency.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1] });
        duration.Record(0.75);

        Assert.Equal(
            "# TYPE apiserver_request_duration_seconds histogram\n" +
            "# UNIT apiserver_request_duration_seconds seconds\n" +
            "# HELP apiserver_request_duration_seconds Response latency.\n" +
            "apiserver_request_duration_seconds_bucket{le=\"0.5\"} 0\n" +
            "apiserver_request_duration_seconds_bucket{le=\"1.0\"} 1\n" +
            "apiserver_request_duration_seconds_bucket{le=\"+Inf\"} 1\n" +
            "apiserver_request_duration_seconds_sum 0.75\n" +
            "apiserver_request_duration_seconds_count 1\n" +
            "# EOF\n",
            Scrape(ExpositionFormat.OpenMetrics));
    }

    [Fact]
    public void UpDownCounterIsAGaugeAndKeepsItsRunningValue()
    {
        var inflight = meter.CreateUpDownCounter<long>("obs.test.inflight", "{request}", "Requests in flight.");
        inflight.Add(5);
        inflight.Add(-2);
        Scrape();
        inflight.Add(-1);

        Assert.Equal(
            "# HELP obs_test_inflight Requests in flight.\n" +
            "# TYPE obs_test_inflight gauge\n" +
            "obs_test_inflight 2\n",
            Scrape());
    }

    [Fact]
    public void CountersAreCumulativeAcrossScrapes()
    {
        var counter = meter.CreateCounter<double>("obs.test.work", "s", "Work done.");
        counter.Add(1.5);
        Scrape();
        counter.Add(0.25);

        Assert.Equal(
            "# HELP obs_test_work_seconds_total Work done.\n" +
            "# TYPE obs_test_work_seconds_total counter\n" +
            "obs_test_work_seconds_total 1.75\n",
            Scrape());
    }

    [Fact]
    public void ObservableGaugeIsReadOnEachScrape()
    {
        var memory = 1024L;
        meter.CreateObservableGauge("obs.test.memory", () => memory, "By", "Memory in use.");
        Scrape();
        memory = 4096;

        Assert.Equal(
            "# HELP obs_test_memory_bytes Memory in use.\n" +
            "# TYPE obs_test_memory_bytes gauge\n" +
            "obs_test_memory_bytes 4096\n",
            Scrape());
    }

    [Fact]
    public void DimensionlessGaugeIsARatio()
    {
        meter.CreateObservableGauge("obs.test.utilization", () => 0.25, "1");

        Assert.Equal("# TYPE obs_test_utilization_ratio gauge\nobs_test_utilization_ratio 0.25\n", Scrape());
    }

    [Fact]
    public void KeysThatSanitiseAlikeShareOneLabelWithValuesJoined()
    {
        var counter = meter.CreateCounter<long>("obs.test.clash");
        counter.Add(1, new("a_b", "second"), new("a.b", "first"));

        Assert.Equal("# TYPE obs_test_clash_total counter\nobs_test_clash_total{a_b=\"first;second\"} 1\n", Scrape());
    }

    [Fact]
    public void InstrumentsWithoutPointsAreLeftOut()
    {
        meter.CreateCounter<long>("obs.test.unused");
        Assert.Equal("", Scrape());
    }

    [Fact]
    public void SameNameFromTwoMetersIsOneFamily()
    {
        using var other = new Meter(meter.Name);
        meter.CreateCounter<long>("obs.test.jobs").Add(1, new KeyValuePair<string, object?>("queue", "a"));
        other.CreateCounter<long>("obs_test_jobs_total").Add(2, new KeyValuePair<string, object?>("queue", "b"));

        Assert.Equal(
            "# TYPE obs_test_jobs_total counter\n" +
            "obs_test_jobs_total{queue=\"a\"} 1\n" +
            "obs_test_jobs_total{queue=\"b\"} 2\n",
            Scrape());
    }

    [Fact]
    public void NameClashOfDifferentTypesKeepsTheFirstAndReportsTheOther()
    {
        meter.CreateCounter<long>("obs.test.items").Add(1);
        meter.CreateObservableGauge("obs.test.items.total", () => 7L);

        Assert.Equal("# TYPE obs_test_items_total counter\nobs_test_items_total 1\n", Scrape());
        var (source, error) = Assert.Single(errors);
        Assert.Equal("obs.test.items.total", source);
        Assert.Contains("'obs_test_items_total' is already a Counter", error.Message);
    }

    [Fact]
    public void CollectorsWriteAfterTheOpenTelemetryMetrics()
    {
        meter.CreateCounter<long>("obs.test.requests").Add(1);
        registry.Register(new LoadCollector(0.5));

        Assert.Equal(
            "# TYPE obs_test_requests_total counter\n" +
            "obs_test_requests_total 1\n" +
            "# HELP node_load1 1m load average.\n" +
            "# TYPE node_load1 gauge\n" +
            "node_load1 0.5\n",
            Scrape());
    }

    [Fact]
    public void FailingCollectorLosesOnlyItsOwnFamilies()
    {
        registry.Register(new LoadCollector(1));
        registry.Register(new FailingCollector());
        registry.Register(new UnfinishedCollector());

        var openMetrics = Scrape(ExpositionFormat.OpenMetrics);

        Assert.Equal("# TYPE node_load1 gauge\n# HELP node_load1 1m load average.\nnode_load1 1.0\n# EOF\n", openMetrics);
        Assert.Equal([nameof(FailingCollector), nameof(UnfinishedCollector)], errors.Select(e => e.Source));
    }

    [Fact]
    public void UnregisteredCollectorIsNoLongerRun()
    {
        var collector = new LoadCollector(1);
        registry.Register(collector);
        Assert.True(registry.Unregister(collector));
        Assert.False(registry.Unregister(collector));

        Assert.Equal("", Scrape());
    }

    [Fact]
    public async Task ConcurrentScrapesEachGetTheWholeExposition()
    {
        var requests = meter.CreateCounter<long>("obs.test.requests");
        requests.Add(2, new KeyValuePair<string, object?>("code", "200"));
        registry.Register(new LoadCollector(0.25));
        var expected = Scrape();

        var scrapes = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Scrape(i % 2 == 0 ? ExpositionFormat.PrometheusText : ExpositionFormat.OpenMetrics)));
        var outputs = await Task.WhenAll(scrapes);

        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.Equal(i % 2 == 0 ? expected : Scrape(ExpositionFormat.OpenMetrics), outputs[i]);
        }
    }

    [Fact]
    public void ScrapingADisposedRegistryThrows()
    {
        registry.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Scrape());
    }

    [Fact]
    public void TheRuntimesInstrumentsKeepAHundredSeriesAndSumTheRestIntoAnOverflowSeries()
    {
        // An instrument of a meter called as the runtime's: the SDK goes by the meter's name.
        using var runtime = new Meter(MetricsRegistry.RuntimeMeterName);
        using var runtimeRegistry = new MetricsRegistry(MetricsRegistry.RuntimeMeterName);
        var name = "obs.test.exceptions" + Guid.NewGuid().ToString("N")[..8];
        var exceptions = runtime.CreateCounter<long>(name);
        var own = meter.CreateCounter<long>("obs.test.errors");
        for (var i = 0; i < 150; i++)
        {
            exceptions.Add(1, new KeyValuePair<string, object?>("error.type", "E" + i));
            own.Add(1, new KeyValuePair<string, object?>("error.type", "E" + i));
        }

        var buffer = new ArrayBufferWriter<byte>();
        runtimeRegistry.WriteTo(buffer, ExpositionFormat.PrometheusText);
        var series = Encoding.UTF8.GetString(buffer.WrittenSpan).Split('\n').Where(line => line.StartsWith(name.Replace('.', '_') + "_total{", StringComparison.Ordinal)).ToList();
        Assert.Equal(MetricsRegistry.RuntimeCardinalityLimit + 1, series.Count);
        Assert.Single(series, line => line.Contains("otel_metric_overflow=\"true\"", StringComparison.Ordinal));
        Assert.Equal(150, series.Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture)));
        // The components' own meters keep the SDK's default limit.
        Assert.Equal(150, Scrape().Split('\n').Count(line => line.StartsWith("obs_test_errors_total{", StringComparison.Ordinal)));
    }

    private string Scrape(ExpositionFormat format = ExpositionFormat.PrometheusText)
    {
        var buffer = new ArrayBufferWriter<byte>();
        registry.WriteTo(buffer, format);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class LoadCollector(double load) : IMetricsCollector
    {
        public void Collect(MetricsWriter writer)
        {
            writer.WriteHeader("node_load1", MetricFamilyType.Gauge, "1m load average.");
            writer.WriteSample("node_load1", load);
        }
    }

    private sealed class FailingCollector : IMetricsCollector
    {
        public void Collect(MetricsWriter writer)
        {
            writer.WriteHeader("node_broken", MetricFamilyType.Gauge, "Never finished.");
            writer.WriteSample("node_broken", 1.0);
            throw new IOException("/proc/broken: stale file handle");
        }
    }

    private sealed class UnfinishedCollector : IMetricsCollector
    {
        public void Collect(MetricsWriter writer)
        {
            writer.WriteHeader("node_unfinished", MetricFamilyType.Gauge, null);
            writer.BeginSample("node_unfinished").Label("a", "b");
        }
    }
}
