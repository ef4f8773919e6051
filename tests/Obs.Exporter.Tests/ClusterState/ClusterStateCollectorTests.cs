using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Obs.Exporter.ClusterState;
using Obs.Exporter.Exposition;
using Obs.Exporter.Tests.Collectors;
using Obs.Exporter.Tests.Exposition;

namespace Obs.Exporter.Tests.ClusterState;

public sealed class ClusterStateCollectorTests
{
    private static string Collect(IClusterStateSource source, ExpositionFormat format = ExpositionFormat.PrometheusText) =>
        Rendered.Text(new ClusterStateCollector(source).Collect, format);

    /// <summary>
    /// Every family for the fixture objects (fixtures/*.json), compared with fixtures/expected.prom line by
    /// line: kube-state-metrics' names, label order, help texts, 0/1 series per phase and condition status.
    /// </summary>
    [Fact]
    public void FixtureObjectsGiveKubeStateMetricsExposition()
    {
        var expected = File.ReadAllText(Path.Combine(FixtureClusterState.Directory, "expected.prom"));
        Assert.Equal(expected.Split('\n'), Collect(FixtureClusterState.FromFixtures()).Split('\n'));
    }

    [Fact]
    public void FixtureOutputPassesPromtool() => NodeCollectorSetTests.AssertPromtoolAccepts(Collect(FixtureClusterState.FromFixtures()));

    [Fact]
    public void EmptyClusterStillDescribesEveryFamilyAndPassesPromtool()
    {
        var text = Collect(new FixtureClusterState());
        Assert.StartsWith("# HELP kube_pod_info Information about pod.\n# TYPE kube_pod_info gauge\n# HELP kube_pod_owner ", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("# ", line, StringComparison.Ordinal));
        NodeCollectorSetTests.AssertPromtoolAccepts(text);
    }

    [Fact]
    public void OpenMetricsNamesTheRestartCounterWithoutTotal()
    {
        var text = Collect(FixtureClusterState.FromFixtures(), ExpositionFormat.OpenMetrics);
        Assert.Contains("# TYPE kube_pod_container_status_restarts counter\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_pod_container_status_restarts_total{namespace=\"shop\",pod=\"crash-0\",uid=\"33333333-cccc\",container=\"app\"} 5.0\n", text, StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void EscapedJsonStringsBecomeEscapedLabelValues()
    {
        var pods = Parse("""[{"metadata": {"name": "p\u00e9", "namespace": "a\\b", "uid": "u"}, "spec": {"nodeName": "line\nbreak"}}]""");
        var text = Collect(new FixtureClusterState().With(ClusterStateResources.Pods, pods));
        Assert.Contains(
            "kube_pod_info{namespace=\"a\\\\b\",pod=\"pé\",uid=\"u\",host_ip=\"\",pod_ip=\"\",node=\"line\\nbreak\",created_by_kind=\"<none>\",created_by_name=\"<none>\",priority_class=\"\",host_network=\"false\"} 1\n",
            text, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusReasonsAreOneForTheReasonThePodHasAndSchedulingGatedComesFromPodScheduled()
    {
        var pods = Parse("""
            [{"metadata": {"name": "gated", "namespace": "n", "uid": "g"}, "spec": {"schedulingGates": [{"name": "example.com/wait"}]},
              "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]}},
             {"metadata": {"name": "evicted", "namespace": "n", "uid": "e"}, "status": {"phase": "Failed", "reason": "Evicted"}},
             {"metadata": {"name": "stuck", "namespace": "n", "uid": "s"},
              "status": {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}}]
            """);
        var text = Collect(new FixtureClusterState().With(ClusterStateResources.Pods, pods));
        var ones = text.Split('\n').Where(l => l.StartsWith("kube_pod_status_reason{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Equal(
        [
            "kube_pod_status_reason{namespace=\"n\",pod=\"gated\",uid=\"g\",reason=\"SchedulingGated\"} 1",
            "kube_pod_status_reason{namespace=\"n\",pod=\"evicted\",uid=\"e\",reason=\"Evicted\"} 1",
        ], ones);
        Assert.Equal(18, text.Split('\n').Count(l => l.StartsWith("kube_pod_status_reason{", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnObjectGivenUnparsedIsParsedOnlyWhileItsVersionIsNew()
    {
        var parses = 0;
        JsonDocument? parsed = null;
        var source = new LazyPods([new ClusterObject(new object(), _ =>
        {
            parses++;
            return parsed = JsonDocument.Parse("""{"metadata": {"name": "p", "namespace": "n", "uid": "u"}}""");
        })]);
        var collector = new ClusterStateCollector(source);

        var first = Rendered.Text(collector.Collect, ExpositionFormat.PrometheusText);
        var second = Rendered.Text(collector.Collect, ExpositionFormat.PrometheusText);

        Assert.Contains("pod=\"p\"", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(1, parses);
        // Rendered and given back: its pooled buffers are returned rather than left to the GC.
        Assert.Throws<ObjectDisposedException>(() => parsed!.RootElement.ValueKind);
    }

    /// <summary>Pods kept unparsed, as the apiserver's watch cache keeps its objects' bytes.</summary>
    private sealed class LazyPods(ClusterObject[] pods) : IClusterStateSource
    {
        public void CopyTo(string resource, List<ClusterObject> objects)
        {
            if (resource == ClusterStateResources.Pods) objects.AddRange(pods);
        }
    }

    [Fact]
    public void ChangedObjectsShowOnTheNextScrape()
    {
        var source = new FixtureClusterState().With(ClusterStateResources.Deployments,
            Parse("""[{"metadata": {"name": "web", "namespace": "shop"}, "spec": {"replicas": 3}, "status": {"availableReplicas": 1}}]"""));
        var collector = new ClusterStateCollector(source);
        Assert.Contains("kube_deployment_status_replicas_available{namespace=\"shop\",deployment=\"web\"} 1\n", Rendered.Text(collector.Collect), StringComparison.Ordinal);

        source.With(ClusterStateResources.Deployments,
            Parse("""[{"metadata": {"name": "web", "namespace": "shop"}, "spec": {"replicas": 5}, "status": {"availableReplicas": 5}}]"""));
        var text = Rendered.Text(collector.Collect);
        Assert.Contains("kube_deployment_spec_replicas{namespace=\"shop\",deployment=\"web\"} 5\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_deployment_status_replicas_available{namespace=\"shop\",deployment=\"web\"} 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void UnparsableQuantitiesAndUnknownResourcesAreLeftOut()
    {
        var pods = Parse("""
            [{"metadata": {"name": "p", "namespace": "n", "uid": "u"},
              "spec": {"containers": [{"name": "c", "resources": {"requests": {"cpu": "lots", "memory": "1G", "kubernetes.io/odd": "1", "example.com/dongle": "2"}}}]}}]
            """);
        var text = Collect(new FixtureClusterState().With(ClusterStateResources.Pods, pods));
        var requests = text.Split('\n').Where(l => l.StartsWith("kube_pod_container_resource_requests{", StringComparison.Ordinal)).ToList();
        Assert.Equal(
        [
            "kube_pod_container_resource_requests{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"c\",node=\"\",resource=\"memory\",unit=\"byte\"} 1e+09",
            "kube_pod_container_resource_requests{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"c\",node=\"\",resource=\"example_com_dongle\",unit=\"integer\"} 2",
        ], requests);
    }

    [Fact]
    public void ContainerInfoFollowsTheSpecAndTakesTheStatusOfTheSameName()
    {
        var pods = Parse("""
            [{"metadata": {"name": "p", "namespace": "n", "uid": "u"},
              "spec": {"containers": [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}]},
              "status": {"containerStatuses": [
                {"name": "b", "image": "registry.example/b:1", "imageID": "registry.example/b@sha256:12", "containerID": "containerd://b"},
                {"name": "gone", "image": "x:1"}]}}]
            """);
        var text = Collect(new FixtureClusterState().With(ClusterStateResources.Pods, pods));
        Assert.Equal(
        [
            "kube_pod_container_info{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"b\",image_spec=\"b:1\",image=\"registry.example/b:1\",image_id=\"registry.example/b@sha256:12\",container_id=\"containerd://b\"} 1",
        ], text.Split('\n').Where(l => l.StartsWith("kube_pod_container_info{", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnInitContainerInCrashLoopIsWaitingWithItsReasonAndNoStartTimeFamilyExistsForInitContainers()
    {
        var pods = Parse("""
            [{"metadata": {"name": "p", "namespace": "n", "uid": "u"},
              "spec": {"initContainers": [{"name": "setup", "image": "setup:1"}], "containers": [{"name": "app", "image": "app:1"}]},
              "status": {"phase": "Pending",
                "initContainerStatuses": [{"name": "setup", "ready": false, "restartCount": 3,
                  "state": {"waiting": {"reason": "CrashLoopBackOff"}}, "lastState": {"terminated": {"reason": "Error", "startedAt": "2026-11-22T06:00:00Z"}}}],
                "containerStatuses": [{"name": "app", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "PodInitializing"}}}]}}]
            """);
        var text = Collect(new FixtureClusterState().With(ClusterStateResources.Pods, pods));
        Assert.Equal(
        [
            "kube_pod_init_container_info{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"setup\",image_spec=\"setup:1\",image=\"\",image_id=\"\",container_id=\"\"} 1",
            "kube_pod_init_container_status_waiting{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"setup\"} 1",
            "kube_pod_init_container_status_restarts_total{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"setup\"} 3",
            "kube_pod_init_container_status_waiting_reason{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"setup\",reason=\"CrashLoopBackOff\"} 1",
            "kube_pod_init_container_status_last_terminated_reason{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"setup\",reason=\"Error\"} 1",
        ], text.Split('\n').Where(l => (l.StartsWith("kube_pod_init_container_", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal)) || l.StartsWith("kube_pod_init_container_status_restarts", StringComparison.Ordinal)));
        Assert.Contains("kube_pod_container_status_waiting_reason{namespace=\"n\",pod=\"p\",uid=\"u\",container=\"app\",reason=\"PodInitializing\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kube_pod_init_container_state_started", text, StringComparison.Ordinal);
        Assert.DoesNotContain("kube_pod_container_state_started{", text, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenMetricsNamesTheInitContainerRestartCounterWithoutTotal()
    {
        var text = Collect(FixtureClusterState.FromFixtures(), ExpositionFormat.OpenMetrics);
        Assert.Contains("# TYPE kube_pod_init_container_status_restarts counter\n", text, StringComparison.Ordinal);
        Assert.Contains("kube_pod_init_container_status_restarts_total{namespace=\"shop\",pod=\"db-0\",uid=\"44444444-dddd\",container=\"migrate\"} 1.0\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FiftyThousandPodsGiveTheirSeries()
    {
        const int count = 50_000;
        const string template = """
            {"metadata": {"name": "p#", "namespace": "ns#NS", "uid": "uid-#",
              "ownerReferences": [{"kind": "ReplicaSet", "name": "rs#RS", "controller": true}]},
             "spec": {"nodeName": "node#NODE", "containers": [{"name": "app", "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}}}]},
             "status": {"phase": "Running", "hostIP": "10.0.0.1", "podIP": "10.1.0.1",
              "conditions": [{"type": "PodScheduled", "status": "True"}, {"type": "Ready", "status": "True"}],
              "containerStatuses": [{"name": "app", "restartCount": 0, "state": {"running": {}}}]}}
            """;
        var json = new StringBuilder("[");
        for (var i = 0; i < count; i++)
        {
            json.Append(i == 0 ? "" : ",").Append(template
                .Replace("#NS", (i % 100).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#RS", (i % 500).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#NODE", (i % 50).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }
        var pods = Parse(json.Append(']').ToString());
        var collector = new ClusterStateCollector(new FixtureClusterState().With(ClusterStateResources.Pods, pods));
        var buffer = new ArrayBufferWriter<byte>(64 * 1024 * 1024);
        var writer = new MetricsWriter(buffer);
        collector.Collect(writer);

        // Per pod: info 1, owner 1, phase 5, ready 3, reason 6, scheduled 3, container info, ready, running, waiting,
        // terminated 1 each (no start time: the running state has no startedAt), restarts 1, requests 2, limits 1.
        var series = 0;
        foreach (var line in buffer.WrittenSpan.Split((byte)'\n'))
        {
            var text = buffer.WrittenSpan[line];
            if (!text.IsEmpty && text[0] != (byte)'#')
            {
                series++;
            }
        }
        Assert.Equal(count * 28, series);
    }

    [Fact]
    public void WarmScrapeAllocatesAlmostNothing()
    {
        var collector = new ClusterStateCollector(FixtureClusterState.FromFixtures());
        var buffer = new ArrayBufferWriter<byte>(1024 * 1024);
        var writer = new MetricsWriter(buffer);
        collector.Collect(writer);
        buffer.ResetWrittenCount();
        writer.Reset(buffer, ExpositionFormat.PrometheusText);

        var before = GC.GetAllocatedBytesForCurrentThread();
        collector.Collect(writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Only label values with JSON escapes are decoded into strings (the fixture's one taint value).
        Assert.True(allocated < 256, $"A warm scrape allocated {allocated} bytes.");
    }

    private static JsonElement[] Parse(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];
}
