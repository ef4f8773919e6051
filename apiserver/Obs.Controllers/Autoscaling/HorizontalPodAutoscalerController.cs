using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Quantities;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;

namespace Obs.Controllers.Autoscaling;

/// <summary>
/// The horizontal pod autoscaler (pkg/controller/podautoscaler), autoscaling/v2 with Resource
/// metrics (cpu, memory; Utilization or AverageValue targets): every sync period each HPA reads its
/// target's <c>/scale</c>, the usage of the pods the scale's selector picks from metrics.k8s.io,
/// asks <see cref="ReplicaCalculator"/> for a count per metric and takes the largest, stabilises
/// and rate-limits it with <see cref="ReplicaNormalizer"/>, writes the new replica count through
/// <c>/scale</c>, and reports all of it in the status with Kubernetes' conditions and reasons,
/// and in Events as <c>kubectl describe hpa</c> shows them (SuccessfulRescale, FailedGetScale,
/// SelectorRequired, InvalidSelector, AmbiguousSelector, FailedGetResourceMetric,
/// FailedComputeMetricsReplicas, FailedRescale, FailedUpdateStatus).
/// </summary>
public sealed class HorizontalPodAutoscalerController : QueueController
{
    private readonly Lister _hpas;
    private readonly Lister _pods;
    private readonly IScaleClient _client;
    private readonly AutoscalingOptions _options;
    private readonly ControllerEvents _events;
    private readonly ConcurrentDictionary<string, AutoscalerHistory> _histories = new();
    private readonly TargetSelectors _selectors = new();

    internal HorizontalPodAutoscalerController(Lister hpas, Lister pods, IScaleClient client, IObjectControl control, AutoscalingOptions options, ILogger logger, TimeProvider? time = null)
        : base("horizontal-pod-autoscaler", logger, time)
    {
        _events = new ControllerEvents(control, "horizontal-pod-autoscaler", ResourceTypes.HorizontalPodAutoscaler);
        _hpas = hpas;
        _pods = pods;
        _client = client;
        _options = options;
    }

    public static HorizontalPodAutoscalerController Create(SharedInformers informers, ApiClient client, IObjectControl control, AutoscalingOptions options, ILogger logger, TimeProvider? time = null)
    {
        var hpas = informers.For(ResourceTypes.HorizontalPodAutoscaler);
        var pods = informers.For(ResourceTypes.Pod);
        var controller = new HorizontalPodAutoscalerController(hpas.Lister, pods.Lister, new ApiScaleClient(client), control, options, logger, time);
        controller.WaitFor(hpas, pods);
        hpas.AddHandler(new InformerHandler(
            hpa => controller.Enqueue(ObjectKeys.KeyOf(hpa)),
            (old, hpa) =>
            {
                // The controller's own status writes come back as updates: only a spec change is news; the clock brings the rest.
                if (ObjectMeta.Generation(old) != ObjectMeta.Generation(hpa)) controller.Enqueue(ObjectKeys.KeyOf(hpa));
            },
            hpa => controller.Enqueue(ObjectKeys.KeyOf(hpa))));
        return controller;
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var hpa = _hpas.Get(key);
        if (hpa is null)
        {
            _histories.TryRemove(key, out _);
            _selectors.Remove(key);
            return;
        }
        // Level-triggered on a clock: every HPA is looked at again each period, whatever happens.
        EnqueueAfter(key, _options.SyncPeriod);
        var now = Time.GetUtcNow();
        var ns = ObjectMeta.Namespace(hpa) ?? "default";
        var conditions = new AutoscalerConditions(hpa, now);
        var status = (hpa["status"] as JsonObject)?.DeepClone() as JsonObject ?? new JsonObject();
        status["observedGeneration"] = ObjectMeta.Generation(hpa);

        var reference = hpa.At("spec", "scaleTargetRef");
        var kind = reference.StringAt("kind") ?? "";
        var group = (reference.StringAt("apiVersion") ?? "").Split('/') is [var g, _] ? g : "";
        var targetName = reference.StringAt("name") ?? "";
        JsonObject scale;
        ResourceType target;
        try
        {
            target = TargetType(kind, group) ?? throw new MetricsUnavailableException($"no matches for kind \"{kind}\" in group \"{group}\"");
            scale = await _client.GetScaleAsync(target, ns, targetName, cancellationToken);
        }
        catch (Exception e) when (e is ApiException or MetricsUnavailableException)
        {
            _events.Warning(hpa, "FailedGetScale", e.Message);
            conditions.Set("AbleToScale", false, "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {e.Message}");
            await WriteStatusAsync(hpa, status, conditions, cancellationToken);
            return;
        }
        conditions.Set("AbleToScale", true, "SucceededGetScale", "the HPA controller was able to get the target's current scale");

        var current = (int)(scale.LongAt("spec", "replicas") ?? 0);
        status["currentReplicas"] = current;
        var minReplicas = (int)(hpa.LongAt("spec", "minReplicas") ?? 1);
        var maxReplicas = (int)(hpa.LongAt("spec", "maxReplicas") ?? 1);
        int desired;
        string? reason = null;
        if (current == 0 && minReplicas != 0)
        {
            desired = 0;
            conditions.Set("ScalingActive", false, "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
        }
        else if (current > maxReplicas || current < minReplicas)
        {
            desired = Math.Clamp(current, minReplicas, maxReplicas);
            reason = current > maxReplicas ? "Current number of replicas above Spec.MaxReplicas" : "Current number of replicas below Spec.MinReplicas";
            conditions.Set("ScalingLimited", true, current > maxReplicas ? "TooManyReplicas" : "TooFewReplicas",
                current > maxReplicas ? "the desired replica count is more than the maximum replica count" : "the desired replica count is less than the minimum replica count");
        }
        else
        {
            var selector = Selector(key, hpa, ns, scale.StringAt("status", "selector") ?? "", conditions, out var selectorError);
            (int? Replicas, JsonArray? Metrics, string? Error, string Described) proposed = selector is null
                ? (null, null, selectorError, "")
                : await ProposeAsync(hpa, ns, selector, current, conditions, now, cancellationToken);
            var (proposal, metrics, error, described) = proposed;
            if (metrics is null) status.Remove("currentMetrics");
            else status["currentMetrics"] = metrics;
            if (proposal is null)
            {
                // As the autoscaler does: the status first, then the event, and no scaling this period.
                await WriteStatusAsync(hpa, status, conditions, cancellationToken);
                _events.Warning(hpa, "FailedComputeMetricsReplicas", error!);
                return;
            }
            conditions.Set("ScalingActive", true, "ValidMetricFound", $"the HPA was able to successfully calculate a replica count from {described}");
            var history = _histories.GetOrAdd(key, _ => new AutoscalerHistory());
            var (recommendations, upEvents, downEvents) = history.Read();
            var up = ScalingRules.Up(hpa);
            var down = ScalingRules.Down(hpa);
            var stabilized = ReplicaNormalizer.Stabilize(current, proposal.Value, recommendations, up, down, now);
            history.Recommend(new Recommendation(now, proposal.Value), up.StabilizationWindow > down.StabilizationWindow ? up.StabilizationWindow : down.StabilizationWindow);
            var decision = ReplicaNormalizer.Limit(current, stabilized, minReplicas, maxReplicas, up, down, upEvents, downEvents, now);
            conditions.Set("ScalingLimited", decision.Limited, decision.Reason, decision.Message);
            desired = decision.Replicas;
            reason = desired > current ? $"{described} above target" : "All metrics below target";
        }

        if (desired != current)
        {
            try
            {
                await _client.SetReplicasAsync(target, scale, desired, cancellationToken);
            }
            catch (ApiException e)
            {
                _events.Warning(hpa, "FailedRescale", $"New size: {desired}; reason: {reason}; error: {e.Message}");
                conditions.Set("AbleToScale", false, "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {e.Message}");
                await WriteStatusAsync(hpa, status, conditions, cancellationToken);
                return;
            }
            var longest = ScalingRules.Up(hpa).Policies.Concat(ScalingRules.Down(hpa).Policies).Max(p => p.Period);
            _histories.GetOrAdd(key, _ => new AutoscalerHistory()).Scaled(now, current, desired, longest);
            conditions.Set("AbleToScale", true, "SucceededRescale", $"the HPA controller was able to update the target scale to {desired}");
            status["lastScaleTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            AutoscalerLog.Rescaled(Logger, key, current, desired);
            _events.Normal(hpa, "SuccessfulRescale", $"New size: {desired}; reason: {reason}");
        }
        else
        {
            conditions.Set("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size");
        }
        status["currentReplicas"] = current;
        status["desiredReplicas"] = desired;
        await WriteStatusAsync(hpa, status, conditions, cancellationToken);
    }

    /// <summary>
    /// The target's pods as its scale's selector names them (validateAndParseSelector): none when it
    /// has no selector, an unparsable one, or one whose pods another HPA scales too; each such case an
    /// event and the ScalingActive condition, and <paramref name="error"/> for FailedComputeMetricsReplicas.
    /// </summary>
    private LabelSelector? Selector(string key, JsonObject hpa, string ns, string text, AutoscalerConditions conditions, out string? error)
    {
        if (text.Length == 0)
        {
            error = "selector is required";
            _events.Warning(hpa, "SelectorRequired", error);
            conditions.Set("ScalingActive", false, "InvalidSelector", "the HPA target's scale is missing a selector");
            return null;
        }
        if (!LabelSelector.TryParse(text, out var selector, out var parseError))
        {
            error = $"couldn't convert selector into a corresponding internal selector object: {parseError}";
            _events.Warning(hpa, "InvalidSelector", error);
            conditions.Set("ScalingActive", false, "InvalidSelector", error);
            return null;
        }
        _selectors.Put(key, ns, selector);
        var selecting = _selectors.Selecting(ns, _pods.List(ns, selector));
        if (selecting.Count > 1)
        {
            error = $"pods by selector {text} are controlled by multiple HPAs: [{string.Join(' ', selecting)}]";
            _events.Warning(hpa, "AmbiguousSelector", error);
            conditions.Set("ScalingActive", false, "AmbiguousSelector", error);
            return null;
        }
        error = null;
        return selector;
    }

    /// <summary>
    /// The largest count any metric asks for and that metric's name, and each metric's status. None
    /// (and the error, as FailedComputeMetricsReplicas says it) when every metric failed, or some did
    /// and the others would scale down: a metric that cannot be read may be the one that needs the pods.
    /// </summary>
    private async Task<(int? Replicas, JsonArray Metrics, string? Error, string Described)> ProposeAsync(
        JsonObject hpa, string ns, LabelSelector selector, int current, AutoscalerConditions conditions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var selectorText = selector.ToString();
        int? best = null;
        string? error = null;
        var invalid = 0;
        var described = "";
        var statuses = new JsonArray();
        var specs = (hpa.At("spec", "metrics") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        foreach (var spec in specs)
        {
            var name = spec.StringAt("resource", "name") ?? "";
            var currentValue = new JsonObject();
            statuses.Add(new JsonObject { ["type"] = "Resource", ["resource"] = new JsonObject { ["name"] = name, ["current"] = currentValue } });
            try
            {
                if (spec.StringAt("type") != "Resource" || name is not ("cpu" or "memory"))
                    throw new MetricsUnavailableException($"unsupported metric source {spec.StringAt("type")} {name}: this HPA controller reads Resource metrics for cpu and memory");
                var pods = _pods.List(ns, selector);
                var metrics = await _client.PodMetricsAsync(ns, selectorText, name, cancellationToken);
                var target = spec.At("resource", "target");
                ReplicaProposal proposal;
                string metricName;
                if (target.StringAt("type") == "AverageValue")
                {
                    if (!Quantity.TryFromJson(target?["averageValue"], out var average, out _))
                        throw new MetricsUnavailableException($"invalid averageValue target for {name}");
                    proposal = ReplicaCalculator.ForAverageValue(current, average.MilliValue, name, pods, metrics, _options, now);
                    metricName = $"{name} resource";
                }
                else
                {
                    var utilization = (int)(target.LongAt("averageUtilization") ?? 0);
                    if (utilization <= 0) throw new MetricsUnavailableException($"invalid averageUtilization target for {name}");
                    proposal = ReplicaCalculator.ForUtilization(current, utilization, name, pods, metrics, _options, now);
                    currentValue["averageUtilization"] = proposal.Utilization;
                    metricName = $"{name} resource utilization (percentage of request)";
                }
                currentValue["averageValue"] = Quantity.FromMilli(proposal.AverageMilli).ToString();
                if (best is null || proposal.Replicas > best)
                {
                    best = proposal.Replicas;
                    described = metricName;
                }
            }
            catch (Exception e) when (e is MetricsUnavailableException or ApiException)
            {
                var message = e is ApiException ? $"failed to get {name} utilization: unable to get metrics for resource {name}: {e.Message}" : e.Message;
                _events.Warning(hpa, "FailedGetResourceMetric", message);
                // The first failure names the condition, as the autoscaler keeps its first invalid metric's.
                if (error is null) conditions.Set("ScalingActive", false, "FailedGetResourceMetric", $"the HPA was unable to compute the replica count: {message}");
                error ??= $"failed to get {name} resource metric value: {message}";
                invalid++;
            }
        }
        if (specs.Count == 0)
        {
            error = "the HPA has no metrics to scale on";
            conditions.Set("ScalingActive", false, "FailedGetResourceMetric", $"the HPA was unable to compute the replica count: {error}");
            return (null, statuses, error, described);
        }
        if (invalid == specs.Count || (invalid > 0 && best < current))
            return (null, statuses, $"invalid metrics ({invalid} invalid out of {specs.Count}), first error is: {error}", described);
        return (best, statuses, null, described);
    }

    private async Task WriteStatusAsync(JsonObject hpa, JsonObject status, AutoscalerConditions conditions, CancellationToken cancellationToken)
    {
        status["conditions"] = conditions.ToJson();
        status["currentReplicas"] ??= 0;
        status["desiredReplicas"] ??= status["currentReplicas"]?.DeepClone() ?? 0;
        if (JsonNode.DeepEquals(status, hpa["status"])) return;
        var updated = (JsonObject)hpa.DeepClone();
        updated["status"] = status;
        try
        {
            await _client.UpdateStatusAsync(updated, cancellationToken);
        }
        catch (ApiException e)
        {
            _events.Warning(hpa, "FailedUpdateStatus", e.Message);
            throw;
        }
    }

    private static ResourceType? TargetType(string kind, string group) => (group, kind) switch
    {
        ("apps", "Deployment") => ResourceTypes.Deployment,
        ("apps", "StatefulSet") => ResourceTypes.StatefulSet,
        ("apps", "ReplicaSet") => ResourceTypes.ReplicaSet,
        ("", "ReplicationController") => ResourceTypes.ReplicationController,
        _ => null,
    };
}
