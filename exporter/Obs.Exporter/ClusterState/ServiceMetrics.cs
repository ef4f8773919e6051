using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// <c>kube_service_info</c>, and the objectives Services declare in <c>obs.dev/slo-*</c> annotations
/// (<see cref="SloAnnotation"/>) as <c>obs_service_slo_objective_ratio</c> and
/// <c>obs_service_slo_latency_threshold_seconds</c>, which Obs's generated SLO alert rules read.
/// Written afresh on each scrape rather than kept rendered: <c>bucket_le</c> is a number, which the two
/// exposition formats write differently (<c>1</c>, <c>1.0</c>), and Services are few.
/// </summary>
internal static class ServiceMetrics
{
    public const string ObjectiveFamily = "obs_service_slo_objective_ratio";
    public const string ThresholdFamily = "obs_service_slo_latency_threshold_seconds";

    private static readonly ObjectIdentity Identity = ObjectFamilies.Named("service");

    public static void Write(List<ClusterObject> services, MetricsWriter writer)
    {
        Info(services, writer);
        Objectives(services, writer);
        Thresholds(services, writer);
    }

    private static void Info(List<ClusterObject> services, MetricsWriter writer)
    {
        const string family = "kube_service_info";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "Information about service.");
        foreach (var (_, service) in services)
        {
            var spec = service.Get("spec"u8);
            Start(writer, family, service)
                .Label("uid", service.Get("metadata"u8, "uid"u8))
                .Label("cluster_ip", spec.Get("clusterIP"u8))
                .Label("external_name", spec.Get("externalName"u8))
                .Label("load_balancer_ip", spec.Get("loadBalancerIP"u8))
                .Label("external_traffic_policy", spec.Get("externalTrafficPolicy"u8))
                .Value(1L);
        }
    }

    private static void Objectives(List<ClusterObject> services, MetricsWriter writer)
    {
        writer.WriteHeader(ObjectiveFamily, MetricFamilyType.Gauge,
            "The service level objective a Service declares in its obs.dev/slo-* annotations, as the ratio of good requests.");
        foreach (var (_, service) in services)
        {
            var annotations = service.Get("metadata"u8, "annotations"u8);
            if (annotations.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            if (annotations.Get("obs.dev/slo-availability"u8).TryGetRawString(out var availability) &&
                SloAnnotation.TryParseAvailability(availability, out var ratio))
            {
                Start(writer, ObjectiveFamily, service).Label("slo", "availability").Value(ratio);
            }
            if (annotations.Get("obs.dev/slo-latency"u8).TryGetRawString(out var latency) &&
                SloAnnotation.TryParseLatency(latency, out _, out var latencyRatio))
            {
                Start(writer, ObjectiveFamily, service).Label("slo", "latency").Value(latencyRatio);
            }
        }
    }

    private static void Thresholds(List<ClusterObject> services, MetricsWriter writer)
    {
        writer.WriteHeader(ThresholdFamily, MetricFamilyType.Gauge,
            "The latency under which a request counts as good for the Service's obs.dev/slo-latency objective.");
        foreach (var (_, service) in services)
        {
            if (service.Get("metadata"u8, "annotations"u8).Get("obs.dev/slo-latency"u8).TryGetRawString(out var latency) &&
                SloAnnotation.TryParseLatency(latency, out var threshold, out _))
            {
                // bucket_le names the histogram bucket the SLO rules count good requests from (a
                // gauge may not carry le itself); the rules copy it to le to join the buckets.
                Start(writer, ThresholdFamily, service).Label("bucket_le", threshold).Value(threshold);
            }
        }
    }

    private static SampleWriter Start(MetricsWriter writer, string family, JsonElement service) => Identity(writer.BeginSample(family), service);
}
