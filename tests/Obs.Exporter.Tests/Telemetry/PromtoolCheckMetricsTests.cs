using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text;
using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Tests.Telemetry;

/// <summary>What DESIGN §6 promises: every endpoint's output passes <c>promtool check metrics</c>.</summary>
public sealed class PromtoolCheckMetricsTests
{
    [Fact]
    public void RegistryOutputPassesPromtool()
    {
        using var meter = new Meter("Obs.Tests.Promtool." + Guid.NewGuid().ToString("N"));
        using var registry = new MetricsRegistry(meter.Name);
        var errors = new List<string>();
        registry.Error = (source, error) => errors.Add(source + ": " + error.Message);

        var requests = meter.CreateCounter<long>("obs.test.requests", description: "Requests handled, by \"method\" and path.\nSecond line \\ backslash.");
        requests.Add(3, new("http.request.method", "GET"), new("url.path", "C:\\dir \"quoted\"\nnewline"));
        requests.Add(1, new("http.request.method", "POST"), new("url.path", "ünïcødé ✓ {}=,"));
        var inflight = meter.CreateUpDownCounter<int>("obs.test.inflight", "{request}", "Requests in flight.");
        inflight.Add(4);
        inflight.Add(-1);
        var duration = meter.CreateHistogram("obs.test.request.duration", "s", "Request duration.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.05, 0.5, 5] });
        foreach (var seconds in new[] { 0.001, 0.02, 0.3, 0.3, 9 })
        {
            duration.Record(seconds, new KeyValuePair<string, object?>("http.route", "/api/v1/namespaces/{namespace}/pods"));
        }
        meter.CreateObservableGauge("obs.test.memory", () => new Measurement<long>(123_456_789, new KeyValuePair<string, object?>("kind", "heap")), "By", "Memory in use.");
        meter.CreateObservableGauge("obs.test.temperature", () => double.NaN, "Cel", "A reading that is not a number yet.");
        registry.Register(new CpuCollector());

        var buffer = new ArrayBufferWriter<byte>();
        registry.WriteTo(buffer, ExpositionFormat.PrometheusText);
        var exposition = Encoding.UTF8.GetString(buffer.WrittenSpan);

        Assert.Empty(errors);
        foreach (var family in new[]
                 {
                     "# TYPE obs_test_requests_total counter", "# TYPE obs_test_inflight gauge",
                     "# TYPE obs_test_request_duration_seconds histogram", "# TYPE obs_test_memory_bytes gauge",
                     "# TYPE obs_test_temperature_celsius gauge", "# TYPE node_cpu_seconds_total counter",
                 })
        {
            Assert.Contains(family + "\n", exposition);
        }
        var (exitCode, output) = PromtoolProcess.CheckMetrics(exposition);
        Assert.True(exitCode == 0 && output.Length == 0, $"promtool check metrics exited {exitCode}:\n{output}\nInput:\n{exposition}");
    }

    [Fact]
    public void PromtoolRejectsALintProblemSoTheCheckAboveCanFail()
    {
        var exposition = "# HELP requests_total Requests.\n# TYPE requests_total gauge\nrequests_total 1\n";

        var (exitCode, output) = PromtoolProcess.CheckMetrics(exposition);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("requests_total", output);
    }

    private sealed class CpuCollector : IMetricsCollector
    {
        public void Collect(MetricsWriter writer)
        {
            writer.WriteHeader("node_cpu_seconds_total", MetricFamilyType.Counter, "Seconds the CPUs spent in each mode.", "seconds");
            writer.BeginSample("node_cpu_seconds_total").Label("cpu", "0").Label("mode", "idle").Value(1234.5);
            writer.BeginSample("node_cpu_seconds_total").Label("cpu", "0").Label("mode", "user").Value(56.25);
        }
    }
}
