using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Exporter.Telemetry;
using Obs.NodeAgent.Metrics;
using Obs.NodeAgent.Pods;
using Obs.NodeAgent.Tests.Pods;
using Obs.NodeAgent.Tests.Runtime;
using Obs.Testing;

namespace Obs.NodeAgent.Tests.Metrics;

/// <summary>
/// The kubelet metrics as a real pod worker records them: real processes, the real prober and
/// runtime, an apiserver nobody answers for (status writes and events fail and are retried, which
/// the metrics do not depend on; no service links, which would need it).
/// </summary>
public sealed class PodWorkerMetricsTests
{
    [Fact]
    public async Task AReadinessProbeThatFailsThenSucceedsIsCountedBothWaysAndItsSeriesLeaveWithThePod()
    {
        await using var test = new TestRuntime(namespaces: true);
        using var client = OfflineContext.UnreachableClient();
        using var kubelet = new KubeletMetrics();
        var pods = new PodWorkers(OfflineContext.Create(client, new InstrumentedRuntime(test.Runtime, kubelet), test.Options, "offline") with { Metrics = kubelet });
        using var instruments = new AgentInstruments("offline", pods);
        using var registry = new MetricsRegistry(kubelet.MeterName, instruments.MeterName);
        registry.Register(kubelet.Probes);
        var ready = Path.Combine(test.StateDirectory, "ready");
        var pod = (JsonObject)JsonNode.Parse($$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"probed","namespace":"shop","uid":"uid-probed"},
             "spec":{"terminationGracePeriodSeconds":1,"enableServiceLinks":false,
               "initContainers":[{"name":"setup","image":"busybox","command":["true"]}],"containers":[{"name":"main","image":"busybox","command":["sleep","3600"],
               "readinessProbe":{"exec":{"command":["test","-f","{{{ready}}}"]},"periodSeconds":1}}]}}
            """)!;
        const string Series = "prober_probe_total{container=\"main\",namespace=\"shop\",pod=\"probed\",pod_uid=\"uid-probed\",probe_type=\"Readiness\",result=";
        try
        {
            pods.Apply(pod);
            await ScrapeUntilAsync(registry, Series + "\"failed\"}");
            File.WriteAllText(ready, "");
            var text = await ScrapeUntilAsync(registry, Series + "\"successful\"}");

            Assert.Matches(new Regex("(?m)^" + Regex.Escape(Series + "\"failed\"} ") + "[1-9][0-9]*$"), text);
            Assert.Matches(new Regex("(?m)^" + Regex.Escape(Series + "\"successful\"} ") + "[1-9][0-9]*$"), text);
            Assert.Contains("kubelet_pod_start_duration_seconds_count 1\n", text);
            Assert.Contains("kubelet_running_pods 1\n", text);
            Assert.Contains("kubelet_running_containers{container_state=\"running\"} 1\n", text);
            // The finished init container is one the runtime still holds, exited, as the kubelet counts it.
            Assert.Contains("kubelet_running_containers{container_state=\"exited\"} 1\n", text);
            Assert.Contains("kubelet_runtime_operations_total{operation_type=\"run_podsandbox\"} 1\n", text);
            Assert.Contains("kubelet_runtime_operations_total{operation_type=\"start_container\"} 2\n", text);
            // The failed probe runs were execs that exited non-zero: errors of exec_sync, as the CRI reports them.
            Assert.Matches(@"(?m)^kubelet_runtime_operations_errors_total\{operation_type=""exec_sync""\} [1-9]", text);
            Assert.DoesNotContain("operation_type=\"stop_container\"", text);
            await Promtool.AssertMetricsCleanAsync(text);
            // Each milestone of the first start once; the Running status was never stored (nobody answers), so that stage is not passed.
            foreach (var stage in new[] { PodStartStages.SyncStarted, PodStartStages.SandboxCreated, PodStartStages.VolumesPrepared, PodStartStages.ContainersStarted })
                Assert.Contains($"obs_agent_pod_start_stage_seconds_count{{stage=\"{stage}\"}} 1\n", text);
            Assert.DoesNotContain(PodStartStages.StatusRunningWritten, text);

            var worker = pods.All.Single();
            pods.Removed(pod);
            await worker.Done.WaitAsync(TimeSpan.FromSeconds(30));
            text = Scrape.Text(registry);
            Assert.DoesNotContain("prober_probe_total", text);
            Assert.Contains("kubelet_running_pods 0\n", text);
            Assert.Contains("kubelet_runtime_operations_total{operation_type=\"stop_container\"} 1\n", text);
            Assert.Contains("kubelet_runtime_operations_total{operation_type=\"stop_podsandbox\"} 1\n", text);
            Assert.Contains("kubelet_pod_start_duration_seconds_count 1\n", text);
            await Promtool.AssertMetricsCleanAsync(text);
        }
        finally
        {
            // What a failed assertion left running is stopped (abandoning would leave the pod's processes behind the test).
            await pods.ShutdownAsync(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<string> ScrapeUntilAsync(MetricsRegistry registry, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var text = "";
        while (DateTime.UtcNow < deadline)
        {
            text = Scrape.Text(registry);
            if (text.Contains(expected, StringComparison.Ordinal)) return text;
            await Task.Delay(50);
        }
        Assert.Fail($"no '{expected}' in the scrape:\n{text}");
        return text;
    }
}
