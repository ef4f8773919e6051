using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Obs.Exporter.ClusterState;
using Obs.Exporter.Exposition;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.ClusterState;

/// <summary>Each object's lines are kept under its version: what a scrape shows after objects change, go, or stay.</summary>
public sealed class RenderedKindTests
{
    private static JsonElement Pod(string name, string phase, string ns = "shop") => JsonDocument.Parse(
        $$$"""{"metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "uid-{{{name}}}"}, "status": {"phase": "{{{phase}}}"}}""").RootElement;

    private static JsonElement Namespace(string name, string team) => JsonDocument.Parse(
        $$$$"""{"metadata": {"name": "{{{{name}}}}", "labels": {"team": "{{{{team}}}}"}}}""").RootElement;

    private static string[] Lines(string text, string family) =>
        [.. text.Split('\n').Where(line => line.StartsWith(family + "{", StringComparison.Ordinal))];

    [Fact]
    public void ChangedPodShowsItsNewLinesAndTheOthersKeepTheirs()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Pods, [Pod("a", "Pending"), Pod("b", "Pending")]);
        var collector = new ClusterStateCollector(source);
        Rendered.Text(collector.Collect);

        source.Replace(ClusterStateResources.Pods, 1, Pod("b", "Running"));
        var text = Rendered.Text(collector.Collect);

        Assert.Contains("kube_pod_status_phase{namespace=\"shop\",pod=\"a\",uid=\"uid-a\",phase=\"Pending\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_pod_status_phase{namespace=\"shop\",pod=\"b\",uid=\"uid-b\",phase=\"Pending\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_pod_status_phase{namespace=\"shop\",pod=\"b\",uid=\"uid-b\",phase=\"Running\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(10, Lines(text, "kube_pod_status_phase").Length);
    }

    [Fact]
    public void DeletedPodLosesEveryLine()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Pods, [Pod("a", "Running"), Pod("b", "Running")]);
        var collector = new ClusterStateCollector(source);
        Assert.Contains("pod=\"b\"", Rendered.Text(collector.Collect), StringComparison.Ordinal);

        source.Without(ClusterStateResources.Pods, pod => pod.GetProperty("metadata").GetProperty("name").GetString() != "b");
        var text = Rendered.Text(collector.Collect);

        Assert.DoesNotContain("pod=\"b\"", text, StringComparison.Ordinal);
        Assert.Equal(5, Lines(text, "kube_pod_status_phase").Length);
        Assert.Single(Lines(text, "kube_pod_info"));
    }

    [Fact]
    public void NamespaceLabelChangeIsReflected()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Namespaces, [Namespace("shop", "web")]);
        var collector = new ClusterStateCollector(source);
        Assert.Equal(["kube_namespace_labels{namespace=\"shop\",label_team=\"web\"} 1"], Lines(Rendered.Text(collector.Collect), "kube_namespace_labels"));

        source.Replace(ClusterStateResources.Namespaces, 0, Namespace("shop", "payments"));

        Assert.Equal(["kube_namespace_labels{namespace=\"shop\",label_team=\"payments\"} 1"], Lines(Rendered.Text(collector.Collect), "kube_namespace_labels"));
    }

    [Fact]
    public void ObjectAtAnUnchangedVersionIsNotReadAgain()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Pods, [Pod("a", "Pending")]);
        var collector = new ClusterStateCollector(source);
        Rendered.Text(collector.Collect);

        // The version promises the object is unchanged: its lines are the ones rendered before.
        source.Replace(ClusterStateResources.Pods, 0, Pod("a", "Running"), sameVersion: true);

        Assert.Contains("phase=\"Pending\"} 1\n", Rendered.Text(collector.Collect), StringComparison.Ordinal);
    }

    [Fact]
    public void NewPodInAnotherNamespaceKeepsTheSourceOrder()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Pods, [Pod("a", "Running", "alpha"), Pod("c", "Running", "gamma")]);
        var collector = new ClusterStateCollector(source);
        Rendered.Text(collector.Collect);

        source.With(ClusterStateResources.Pods, [Pod("a", "Running", "alpha"), Pod("b", "Running", "beta"), Pod("c", "Running", "gamma")]);

        Assert.Equal(
        [
            "kube_pod_info{namespace=\"alpha\",pod=\"a\",uid=\"uid-a\",host_ip=\"\",pod_ip=\"\",node=\"\",created_by_kind=\"<none>\",created_by_name=\"<none>\",priority_class=\"\",host_network=\"false\"} 1",
            "kube_pod_info{namespace=\"beta\",pod=\"b\",uid=\"uid-b\",host_ip=\"\",pod_ip=\"\",node=\"\",created_by_kind=\"<none>\",created_by_name=\"<none>\",priority_class=\"\",host_network=\"false\"} 1",
            "kube_pod_info{namespace=\"gamma\",pod=\"c\",uid=\"uid-c\",host_ip=\"\",pod_ip=\"\",node=\"\",created_by_kind=\"<none>\",created_by_name=\"<none>\",priority_class=\"\",host_network=\"false\"} 1",
        ], Lines(Rendered.Text(collector.Collect), "kube_pod_info"));
    }

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetrics)]
    public async Task StreamedScrapeIsTheCollectedExposition(ExpositionFormat format)
    {
        var collector = new ClusterStateCollector(FixtureClusterState.FromFixtures());
        var expected = Rendered.Text(collector.Collect, format);

        var pipe = new Pipe();
        var reading = ReadAllAsync(pipe.Reader);
        await collector.WriteAsync(pipe.Writer, format, CancellationToken.None);
        await pipe.Writer.CompleteAsync();

        Assert.Equal(expected, await reading);
    }

    [Fact]
    public void WholeFloatsDropTheirFractionOnlyInTheTextFormat()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Deployments,
            [JsonDocument.Parse("""{"metadata": {"name": "web", "namespace": "shop"}, "spec": {"replicas": 3}, "status": {"availableReplicas": 2.5}}""").RootElement]);
        var collector = new ClusterStateCollector(source);

        var text = Rendered.Text(collector.Collect);
        var openMetrics = Rendered.Text(collector.Collect, ExpositionFormat.OpenMetrics);

        Assert.Contains("kube_deployment_spec_replicas{namespace=\"shop\",deployment=\"web\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_deployment_spec_replicas{namespace=\"shop\",deployment=\"web\"} 3.0\n", openMetrics, StringComparison.Ordinal);
        Assert.Contains("kube_deployment_status_replicas_available{namespace=\"shop\",deployment=\"web\"} 2.5\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_deployment_status_replicas_available{namespace=\"shop\",deployment=\"web\"} 2.5\n", openMetrics, StringComparison.Ordinal);
        Assert.Contains("kube_deployment_status_replicas{namespace=\"shop\",deployment=\"web\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_deployment_status_replicas{namespace=\"shop\",deployment=\"web\"} 0.0\n", openMetrics, StringComparison.Ordinal);
    }

    private static async Task<string> ReadAllAsync(PipeReader reader)
    {
        var bytes = new MemoryStream();
        while (true)
        {
            var result = await reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                bytes.Write(segment.Span);
            }
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }
        }
    }
}
