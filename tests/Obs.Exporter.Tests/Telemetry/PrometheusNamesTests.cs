using Obs.Exporter.Exposition;
using Obs.Exporter.Telemetry;

namespace Obs.Exporter.Tests.Telemetry;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("http.server.request.duration", "s", MetricFamilyType.Histogram, "http_server_request_duration_seconds")]
    [InlineData("http.server.active_requests", "{request}", MetricFamilyType.Gauge, "http_server_active_requests")]
    [InlineData("process.cpu.time", "s", MetricFamilyType.Counter, "process_cpu_time_seconds_total")]
    [InlineData("system.network.io", "By", MetricFamilyType.Counter, "system_network_io_bytes_total")]
    [InlineData("kestrel.connection.count", "{connection}", MetricFamilyType.Counter, "kestrel_connection_count_total")]
    [InlineData("disk.throughput", "By/s", MetricFamilyType.Gauge, "disk_throughput_bytes_per_second")]
    [InlineData("queue.rate", "{item}/s", MetricFamilyType.Gauge, "queue_rate_per_second")]
    [InlineData("cpu.utilization", "1", MetricFamilyType.Gauge, "cpu_utilization_ratio")]
    [InlineData("events", "1", MetricFamilyType.Counter, "events_total")]
    [InlineData("room.temperature", "Cel", MetricFamilyType.Gauge, "room_temperature_celsius")]
    [InlineData("latency", "ms", MetricFamilyType.Histogram, "latency_milliseconds")]
    [InlineData("widgets", "widget", MetricFamilyType.Gauge, "widgets_widget")]
    [InlineData("a-b/c d", null, MetricFamilyType.Gauge, "a_b_c_d")]
    [InlineData("a..b::c", null, MetricFamilyType.Gauge, "a_b_c")]
    [InlineData("5xx.count", null, MetricFamilyType.Gauge, "_5xx_count")]
    public void OpenTelemetryNamesBecomePrometheusNames(string name, string? unit, MetricFamilyType type, string expected) =>
        Assert.Equal(expected, PrometheusNames.MetricName(name, unit, type));

    [Theory]
    [InlineData("apiserver_request_total", null, MetricFamilyType.Counter)]
    [InlineData("apiserver_request_duration_seconds", "s", MetricFamilyType.Histogram)]
    [InlineData("node_cpu_seconds_total", "s", MetricFamilyType.Counter)]
    [InlineData("container_memory_working_set_bytes", "By", MetricFamilyType.Gauge)]
    [InlineData("kube_pod_status_phase", null, MetricFamilyType.Gauge)]
    public void PrometheusNamesComeOutUnchanged(string name, string? unit, MetricFamilyType type) =>
        Assert.Equal(name, PrometheusNames.MetricName(name, unit, type));

    [Theory]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("http.response.status_code", "http_response_status_code")]
    [InlineData("service-name", "service_name")]
    [InlineData("already_fine", "already_fine")]
    [InlineData("0day", "key_0day")]
    [InlineData("__meta", "key__meta")]
    [InlineData("", "key_")]
    public void AttributeKeysBecomeLabelNames(string key, string expected) =>
        Assert.Equal(expected, PrometheusNames.LabelName(key));
}
