using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Client.Informers;
using Obs.Controllers.Autoscaling;
using Obs.Controllers.Tests.Hosting;
using static Obs.Controllers.Tests.Autoscaling.AutoscalingPods;

namespace Obs.Controllers.Tests.Autoscaling;

/// <summary>Sync tests in the Kubernetes style: fill the caches, set the samples, call Sync, read the scale and the status.</summary>
public sealed class HorizontalPodAutoscalerControllerTests
{
    private readonly ManualTime _time = new();
    private readonly FakeScaleClient _client = new();
    private readonly RecordingObjectControl _control = new();
    private IndexedStore _hpas = null!;
    private IndexedStore _pods = null!;

    private HorizontalPodAutoscalerController Controller(JsonObject hpa, params JsonObject[] pods) => Controller([hpa], pods);

    private HorizontalPodAutoscalerController Controller(JsonObject[] hpas, params JsonObject[] pods)
    {
        (_hpas, var hpaLister) = Stores.New(hpas);
        (_pods, var podLister) = Stores.New(pods);
        return new HorizontalPodAutoscalerController(hpaLister, podLister, _client, _control, new AutoscalingOptions(), NullLogger.Instance, _time);
    }

    private static JsonObject Hpa(int min = 1, int max = 10, int cpuPercent = 50, string kind = "Deployment")
    {
        var hpa = (JsonObject)JsonNode.Parse("""
            {"apiVersion":"autoscaling/v2","kind":"HorizontalPodAutoscaler",
             "metadata":{"name":"web","namespace":"ns","generation":1,"resourceVersion":"7"},
             "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","name":"web"},
                     "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization"}}}]}}
            """)!;
        hpa["spec"]!["scaleTargetRef"]!["kind"] = kind;
        hpa["spec"]!["minReplicas"] = min;
        hpa["spec"]!["maxReplicas"] = max;
        hpa["spec"]!["metrics"]![0]!["resource"]!["target"]!["averageUtilization"] = cpuPercent;
        return hpa;
    }

    private JsonObject? Condition(string type) => (_client.Status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type);

    private void AssertCondition(string type, string status, string reason)
    {
        var condition = Condition(type);
        Assert.NotNull(condition);
        Assert.Equal((status, reason), (condition.StringAt("status"), condition.StringAt("reason")));
    }

    /// <summary>The status as the next sync's informer would hold it.</summary>
    private void Observe()
    {
        var hpa = (JsonObject)_hpas.Get("ns/web")!.DeepClone();
        hpa["status"] = _client.Status!.DeepClone();
        _hpas.Upsert(hpa);
    }

    [Fact]
    public async Task BusyPodsScaleTheDeploymentUpAndTheStatusSaysSo()
    {
        _client.Replicas = 2;
        _client.Metrics = Metrics(("a", 1000), ("b", 1000));
        var controller = Controller(Hpa(), Pod("a"), Pod("b"));

        await controller.SyncAsync("ns/web", CancellationToken.None);

        // 100 % of requests against 50 %: 4 replicas.
        Assert.Equal([4], _client.ScaledTo);
        var status = _client.Status!;
        Assert.Equal((2L, 4L, 1L), (status.LongAt("currentReplicas"), status.LongAt("desiredReplicas"), status.LongAt("observedGeneration")));
        Assert.Equal(Stores.At(0), status.StringAt("lastScaleTime"));
        var metric = Assert.Single((JsonArray)status["currentMetrics"]!)!;
        Assert.Equal(("cpu", 100L, "1"), (metric.StringAt("resource", "name"), metric.LongAt("resource", "current", "averageUtilization"), metric.StringAt("resource", "current", "averageValue")));
        AssertCondition("AbleToScale", "True", "SucceededRescale");
        AssertCondition("ScalingActive", "True", "ValidMetricFound");
        AssertCondition("ScalingLimited", "False", "DesiredWithinRange");
        Assert.Equal("the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", Condition("ScalingActive").StringAt("message"));
    }

    [Fact]
    public async Task ScaleDownWaitsOutTheStabilisationWindow()
    {
        _client.Replicas = 4;
        _client.Metrics = Metrics(("a", 500), ("b", 500), ("c", 500), ("d", 500));
        var controller = Controller(Hpa(), Pod("a"), Pod("b"), Pod("c"), Pod("d"));
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
        AssertCondition("AbleToScale", "True", "ReadyForNewScale");

        // The load goes away: the metrics now ask for 1, but 4 was recommended within the last 300 s.
        _client.Metrics = Metrics(("a", 10), ("b", 10), ("c", 10), ("d", 10));
        Observe();
        _time.Now = Stores.Now.AddSeconds(60);
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
        Assert.Equal(4, _client.Status!.LongAt("desiredReplicas"));

        _time.Now = Stores.Now.AddSeconds(299);
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);

        _time.Now = Stores.Now.AddSeconds(301);
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([1], _client.ScaledTo);
        AssertCondition("AbleToScale", "True", "SucceededRescale");
    }

    [Fact]
    public async Task MaxReplicasLimitsTheScaleUp()
    {
        _client.Replicas = 2;
        _client.Metrics = Metrics(("a", 1000), ("b", 1000));
        var controller = Controller(Hpa(max: 3, cpuPercent: 10), Pod("a"), Pod("b"));
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([3], _client.ScaledTo);
        AssertCondition("ScalingLimited", "True", "TooManyReplicas");
    }

    [Fact]
    public async Task StatefulSetsScaleThroughTheirScaleToo()
    {
        _client.Replicas = 1;
        _client.Metrics = Metrics(("a", 900));
        var controller = Controller(Hpa(kind: "StatefulSet"), Pod("a"));
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([2], _client.ScaledTo);
    }

    [Fact]
    public async Task AMissingTargetIsReportedAsFailedGetScale()
    {
        _client.TargetExists = false;
        var controller = Controller(Hpa());
        await controller.SyncAsync("ns/web", CancellationToken.None);
        AssertCondition("AbleToScale", "False", "FailedGetScale");
        Assert.Equal("the HPA controller was unable to get the target's current scale: deployments.apps \"web\" not found", Condition("AbleToScale").StringAt("message"));
        Assert.Empty(_client.ScaledTo);
    }

    [Fact]
    public async Task NoMetricsLeavesTheScaleAloneAndSaysWhy()
    {
        _client.Replicas = 2;
        var controller = Controller(Hpa(), Pod("a"), Pod("b"));
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
        AssertCondition("ScalingActive", "False", "FailedGetResourceMetric");
        Assert.Equal("the HPA was unable to compute the replica count: did not receive metrics for targeted pods (pods might be unready)", Condition("ScalingActive").StringAt("message"));
        Assert.Equal(2, _client.Status!.LongAt("currentReplicas"));
    }

    [Fact]
    public async Task ATargetScaledToZeroDisablesAutoscaling()
    {
        _client.Replicas = 0;
        var controller = Controller(Hpa());
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
        AssertCondition("ScalingActive", "False", "ScalingDisabled");
    }

    [Fact]
    public async Task EachRescaleIsANormalEventWithTheNewSizeAndWhy()
    {
        _client.Replicas = 2;
        _client.Metrics = Metrics(("a", 1000), ("b", 1000));
        var controller = Controller(Hpa(), Pod("a"), Pod("b"));
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal(["Normal SuccessfulRescale horizontal-pod-autoscaler New size: 4; reason: cpu resource utilization (percentage of request) above target"], _control.EventLines);
        Assert.Equal(("autoscaling/v2", "HorizontalPodAutoscaler", "web"), (_control.Events[0].About.ApiVersion, _control.Events[0].About.Kind, _control.Events[0].About.Name));
    }

    [Fact]
    public async Task AScaleDownSaysAllMetricsAreBelowTarget()
    {
        _client.Replicas = 4;
        _client.Metrics = Metrics(("a", 10), ("b", 10), ("c", 10), ("d", 10));
        var hpa = Hpa();
        hpa["spec"]!["behavior"] = JsonNode.Parse("""{"scaleDown":{"stabilizationWindowSeconds":0}}""");
        await Controller(hpa, Pod("a"), Pod("b"), Pod("c"), Pod("d")).SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([1], _client.ScaledTo);
        Assert.Equal(["Normal SuccessfulRescale horizontal-pod-autoscaler New size: 1; reason: All metrics below target"], _control.EventLines);
    }

    [Fact]
    public async Task ATargetAboveMaxReplicasIsBroughtDownAndTheEventSaysWhy()
    {
        _client.Replicas = 5;
        await Controller(Hpa(max: 3)).SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([3], _client.ScaledTo);
        Assert.Equal(["Normal SuccessfulRescale horizontal-pod-autoscaler New size: 3; reason: Current number of replicas above Spec.MaxReplicas"], _control.EventLines);
    }

    [Fact]
    public async Task MissingMetricsAndAMissingTargetAreWarnings()
    {
        _client.Replicas = 2;
        await Controller(Hpa(), Pod("a"), Pod("b")).SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal(
        [
            "Warning FailedGetResourceMetric horizontal-pod-autoscaler did not receive metrics for targeted pods (pods might be unready)",
            "Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: did not receive metrics for targeted pods (pods might be unready)",
        ], _control.EventLines);

        _control.Events.Clear();
        _client.TargetExists = false;
        await Controller(Hpa()).SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal(["Warning FailedGetScale horizontal-pod-autoscaler deployments.apps \"web\" not found"], _control.EventLines);
    }

    /// <summary>Syncs over two pods whose target's scale carries <paramref name="selector"/>, which scales nothing.</summary>
    private async Task SyncWithSelectorAsync(string selector)
    {
        _client.Replicas = 2;
        _client.Selector = selector;
        await Controller(Hpa(), Pod("a"), Pod("b")).SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
    }

    [Fact]
    public async Task ATargetWhoseScaleHasNoSelectorSaysASelectorIsRequired()
    {
        await SyncWithSelectorAsync("");
        Assert.Equal(
        [
            "Warning SelectorRequired horizontal-pod-autoscaler selector is required",
            "Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler selector is required",
        ], _control.EventLines);
        AssertCondition("ScalingActive", "False", "InvalidSelector");
        Assert.Equal("the HPA target's scale is missing a selector", Condition("ScalingActive").StringAt("message"));
    }

    [Fact]
    public async Task AnUnparsableSelectorIsAnInvalidSelector()
    {
        await SyncWithSelectorAsync("app in (web");
        Assert.Equal(["InvalidSelector", "FailedComputeMetricsReplicas"], _control.Events.Select(e => e.Reason));
        Assert.StartsWith("couldn't convert selector into a corresponding internal selector object: ", _control.Events[0].Message);
        AssertCondition("ScalingActive", "False", "InvalidSelector");
    }

    [Fact]
    public async Task TwoAutoscalersOverTheSamePodsAreAmbiguousAndNeitherScales()
    {
        _client.Replicas = 2;
        _client.Metrics = Metrics(("a", 1000), ("b", 1000));
        var other = Hpa();
        other["metadata"]!["name"] = "web-too";
        var controller = Controller([Hpa(), other], Pod("a"), Pod("b"));
        await controller.SyncAsync("ns/web-too", CancellationToken.None);
        _control.Events.Clear();
        _client.ScaledTo.Clear();
        _client.Replicas = 2;

        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
        const string message = "pods by selector app=web are controlled by multiple HPAs: [ns/web ns/web-too]";
        Assert.Equal(
        [
            "Warning AmbiguousSelector horizontal-pod-autoscaler " + message,
            "Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler " + message,
        ], _control.EventLines);
        AssertCondition("ScalingActive", "False", "AmbiguousSelector");

        // Once the other is gone, this one scales again.
        _hpas.Remove("ns/web-too");
        await controller.SyncAsync("ns/web-too", CancellationToken.None);
        await controller.SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([4], _client.ScaledTo);
    }

    private static JsonObject WithUnreadableMetric(JsonObject hpa)
    {
        hpa["spec"]!["metrics"]!.AsArray().Add(JsonNode.Parse("""{"type":"Resource","resource":{"name":"ephemeral-storage","target":{"type":"Utilization","averageUtilization":50}}}"""));
        return hpa;
    }

    [Fact]
    public async Task AnUnreadableMetricBlocksAScaleDownButNotAScaleUp()
    {
        _client.Replicas = 4;
        _client.Metrics = Metrics(("a", 10), ("b", 10), ("c", 10), ("d", 10));
        var hpa = WithUnreadableMetric(Hpa());
        hpa["spec"]!["behavior"] = JsonNode.Parse("""{"scaleDown":{"stabilizationWindowSeconds":0}}""");
        await Controller(hpa, Pod("a"), Pod("b"), Pod("c"), Pod("d")).SyncAsync("ns/web", CancellationToken.None);
        Assert.Empty(_client.ScaledTo);
        Assert.Equal("Warning FailedComputeMetricsReplicas horizontal-pod-autoscaler invalid metrics (1 invalid out of 2), first error is: failed to get ephemeral-storage resource metric value: "
            + "unsupported metric source Resource ephemeral-storage: this HPA controller reads Resource metrics for cpu and memory", _control.EventLines.Last());
        AssertCondition("ScalingActive", "False", "FailedGetResourceMetric");

        _control.Events.Clear();
        _client.Replicas = 2;
        _client.Metrics = Metrics(("a", 1000), ("b", 1000));
        await Controller(WithUnreadableMetric(Hpa()), Pod("a"), Pod("b")).SyncAsync("ns/web", CancellationToken.None);
        Assert.Equal([4], _client.ScaledTo);
        Assert.Equal(["FailedGetResourceMetric", "SuccessfulRescale"], _control.Events.Select(e => e.Reason));
        AssertCondition("ScalingActive", "True", "ValidMetricFound");
    }
}
