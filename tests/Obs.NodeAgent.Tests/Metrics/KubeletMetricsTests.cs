using System.Globalization;
using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Metrics;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Metrics;

public sealed class KubeletMetricsTests
{
    [Fact]
    public async Task PodStartDurationIsAHistogramWithTheKubeletsBuckets()
    {
        using var kubelet = new KubeletMetrics();
        using var registry = new MetricsRegistry(kubelet.MeterName);
        kubelet.PodStarted(TimeSpan.FromSeconds(2.5));

        var text = Scrape.Text(registry);
        Assert.Contains("# TYPE kubelet_pod_start_duration_seconds histogram", text);
        Assert.Equal(
            ["0.5", "1", "2", "3", "4", "5", "6", "8", "10", "20", "30", "45", "60", "120", "180", "240", "300", "360", "480", "600", "900", "1200", "1800", "2700", "3600", "+Inf"],
            Bounds(text, "kubelet_pod_start_duration_seconds"));
        Assert.Contains("kubelet_pod_start_duration_seconds_bucket{le=\"2\"} 0\n", text);
        Assert.Contains("kubelet_pod_start_duration_seconds_bucket{le=\"3\"} 1\n", text);
        Assert.Contains("kubelet_pod_start_duration_seconds_sum 2.5\n", text);
        Assert.Contains("kubelet_pod_start_duration_seconds_count 1\n", text);
        await Promtool.AssertMetricsCleanAsync(text);
    }

    [Fact]
    public async Task RuntimeOperationsAreCountedAndTimedByTypeAndFailuresAreErrors()
    {
        using var kubelet = new KubeletMetrics();
        using var registry = new MetricsRegistry(kubelet.MeterName);

        Assert.Equal(1, await kubelet.TimeAsync(RuntimeOperations.StartContainer, () => Task.FromResult(1)));
        await Assert.ThrowsAsync<IOException>(() => kubelet.TimeAsync<int>(RuntimeOperations.StartContainer, () => throw new IOException("no")));
        await kubelet.TimeAsync(RuntimeOperations.ExecSync, () => Task.FromResult(3), exitCode => exitCode != 0);

        var text = Scrape.Text(registry);
        Assert.Contains("kubelet_runtime_operations_total{operation_type=\"start_container\"} 2\n", text);
        Assert.Contains("kubelet_runtime_operations_total{operation_type=\"exec_sync\"} 1\n", text);
        Assert.Contains("kubelet_runtime_operations_errors_total{operation_type=\"start_container\"} 1\n", text);
        Assert.Contains("kubelet_runtime_operations_errors_total{operation_type=\"exec_sync\"} 1\n", text);
        Assert.Contains("kubelet_runtime_operations_duration_seconds_count{operation_type=\"start_container\"} 2\n", text);
        // ExponentialBuckets(0.005, 2.5, 14), as the kubelet declares them.
        Assert.Equal(
            ["0.005", "0.0125", "0.03125", "0.078125", "0.1953125", "0.48828125", "1.220703125", "3.0517578125", "7.62939453125",
             "19.073486328125", "47.6837158203125", "119.20928955078125", "298.0232238769531", "745.0580596923828", "+Inf"],
            Bounds(text, "kubelet_runtime_operations_duration_seconds", "{operation_type=\"exec_sync\",le=\""));
        await Promtool.AssertMetricsCleanAsync(text);
    }

    [Fact]
    public void ExponentialBucketsMultiplyInTurn()
    {
        Assert.Equal([1, 2, 4, 8], KubeletBuckets.Exponential(1, 2, 4));
        Assert.Equal(14, KubeletBuckets.RuntimeOperations.Length);
        Assert.Equal(745.0580596923828.ToString(CultureInfo.InvariantCulture), KubeletBuckets.RuntimeOperations[^1].ToString(CultureInfo.InvariantCulture));
    }

    private static List<string> Bounds(string text, string family, string prefix = "{le=\"") =>
        text.Split('\n').Where(l => l.StartsWith(family + "_bucket" + prefix, StringComparison.Ordinal))
            .Select(l => l[(family.Length + "_bucket".Length + prefix.Length)..l.IndexOf('"', family.Length + "_bucket".Length + prefix.Length)]).ToList();
}
