using System.Text.Json;
using Obs.Exporter.ClusterState;
using Obs.Exporter.Exposition;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.ClusterState;

/// <summary>A Service's lines are kept by version, once per exposition format.</summary>
public sealed class ServiceMetricsTests
{
    private static JsonElement Service(string name, string latency) => JsonDocument.Parse(
        $$$"""{"metadata": {"name": "{{{name}}}", "namespace": "shop", "uid": "uid-{{{name}}}", "annotations": {"obs.dev/slo-latency": "{{{latency}}}"}}, "spec": {"clusterIP": "10.96.0.1"}}""").RootElement;

    private static string[] Lines(string text) =>
        [.. text.Split('\n').Where(line => line.StartsWith(ServiceMetrics.ThresholdFamily + "{", StringComparison.Ordinal))];

    [Fact]
    public void ChangedServiceShowsItsNewObjectiveAndAnUnchangedOneKeepsItsLines()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Services, [Service("web", "250ms@99"), Service("db", "100ms@99")]);
        var collector = new ClusterStateCollector(source);
        Rendered.Text(collector.Collect);

        source.Replace(ClusterStateResources.Services, 0, Service("web", "500ms@99"));
        // The version promises db is unchanged: its lines are the ones rendered before.
        source.Replace(ClusterStateResources.Services, 1, Service("db", "2s@99"), sameVersion: true);

        Assert.Equal(
        [
            "obs_service_slo_latency_threshold_seconds{namespace=\"shop\",service=\"web\",bucket_le=\"0.5\"} 0.5",
            "obs_service_slo_latency_threshold_seconds{namespace=\"shop\",service=\"db\",bucket_le=\"0.1\"} 0.1",
        ], Lines(Rendered.Text(collector.Collect)));
    }

    [Fact]
    public void BucketLeIsWrittenAsEachFormatWritesTheHistogramsLe()
    {
        var collector = new ClusterStateCollector(new FixtureClusterState().With(ClusterStateResources.Services, [Service("web", "1s@99")]));

        Assert.Equal(["obs_service_slo_latency_threshold_seconds{namespace=\"shop\",service=\"web\",bucket_le=\"1\"} 1"],
            Lines(Rendered.Text(collector.Collect)));
        Assert.Equal(["obs_service_slo_latency_threshold_seconds{namespace=\"shop\",service=\"web\",bucket_le=\"1.0\"} 1.0"],
            Lines(Rendered.Text(collector.Collect, ExpositionFormat.OpenMetrics)));
        Assert.Equal(["obs_service_slo_latency_threshold_seconds{namespace=\"shop\",service=\"web\",bucket_le=\"1\"} 1"],
            Lines(Rendered.Text(collector.Collect)));
    }
}
