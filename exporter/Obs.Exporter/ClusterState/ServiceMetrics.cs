using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// <c>kube_service_info</c>, and the objectives Services declare in <c>obs.dev/slo-*</c> annotations
/// (<see cref="SloAnnotation"/>) as <c>obs_service_slo_objective_ratio</c> and
/// <c>obs_service_slo_latency_threshold_seconds</c>, which Obs's generated SLO alert rules read.
/// Rendered once per format: <c>bucket_le</c> is a number, which the two exposition formats write
/// differently (<c>1</c>, <c>1.0</c>).
/// </summary>
internal static class ServiceMetrics
{
    public const string ObjectiveFamily = "obs_service_slo_objective_ratio";
    public const string ThresholdFamily = "obs_service_slo_latency_threshold_seconds";

    public static ObjectKind Kind { get; } = new(ClusterStateResources.Services, ObjectFamilies.Named("service"),
    [
        new("kube_service_info", "Information about service.", Info),
        new(ObjectiveFamily, "The service level objective a Service declares in its obs.dev/slo-* annotations, as the ratio of good requests.", Objectives),
        new(ThresholdFamily, "The latency under which a request counts as good for the Service's obs.dev/slo-latency objective.", Threshold),
    ], LabelsDependOnFormat: true);

    private static void Info(JsonElement service, ObjectLines lines)
    {
        var spec = service.Get("spec"u8);
        lines.Add()
            .Label("uid", service.Get("metadata"u8, "uid"u8))
            .Label("cluster_ip", spec.Get("clusterIP"u8))
            .Label("external_name", spec.Get("externalName"u8))
            .Label("load_balancer_ip", spec.Get("loadBalancerIP"u8))
            .Label("external_traffic_policy", spec.Get("externalTrafficPolicy"u8))
            .Value(1L);
    }

    private static void Objectives(JsonElement service, ObjectLines lines)
    {
        var annotations = service.Get("metadata"u8, "annotations"u8);
        if (annotations.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (annotations.Get("obs.dev/slo-availability"u8).TryGetRawString(out var availability) &&
            SloAnnotation.TryParseAvailability(availability, out var ratio))
        {
            lines.Add().Label("slo", "availability").Value(ratio);
        }
        if (annotations.Get("obs.dev/slo-latency"u8).TryGetRawString(out var latency) &&
            SloAnnotation.TryParseLatency(latency, out _, out var latencyRatio))
        {
            lines.Add().Label("slo", "latency").Value(latencyRatio);
        }
    }

    private static void Threshold(JsonElement service, ObjectLines lines)
    {
        if (service.Get("metadata"u8, "annotations"u8).Get("obs.dev/slo-latency"u8).TryGetRawString(out var latency) &&
            SloAnnotation.TryParseLatency(latency, out var threshold, out _))
        {
            // bucket_le names the histogram bucket the SLO rules count good requests from (a
            // gauge may not carry le itself); the rules copy it to le to join the buckets.
            lines.Add().Label("bucket_le", threshold).Value(threshold);
        }
    }
}
