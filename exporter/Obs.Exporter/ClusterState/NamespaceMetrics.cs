using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>
/// <c>kube_namespace_status_phase</c>: one series per phase, the current one 1; and
/// <c>kube_namespace_labels</c> with the namespace labels alert routing uses, as kube-state-metrics
/// writes them when they are on its <c>--metric-labels-allowlist</c>: <c>team</c> becomes
/// <c>label_team</c>, which the namespaced alert rules join onto their alerts as <c>team</c>.
/// </summary>
internal static class NamespaceMetrics
{
    public static void Write(List<JsonElement> namespaces, MetricsWriter writer)
    {
        WritePhases(namespaces, writer);
        WriteLabels(namespaces, writer);
    }

    private static void WriteLabels(List<JsonElement> namespaces, MetricsWriter writer)
    {
        const string family = "kube_namespace_labels";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "Kubernetes labels converted to Prometheus labels.");
        foreach (var ns in namespaces)
        {
            var sample = writer.BeginSample(family).Label("namespace", ns.Get("metadata"u8, "name"u8));
            var team = ns.Get("metadata"u8, "labels"u8).Get("team"u8);
            if (team.ValueKind == JsonValueKind.String) sample = sample.Label("label_team", team);
            sample.Value(1L);
        }
    }

    private static void WritePhases(List<JsonElement> namespaces, MetricsWriter writer)
    {
        const string family = "kube_namespace_status_phase";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "kubernetes namespace status phase.");
        foreach (var ns in namespaces)
        {
            var name = ns.Get("metadata"u8, "name"u8);
            var phase = ns.Get("status"u8, "phase"u8);
            // A namespace without status yet is Active: the apiserver defaults the phase on create.
            var terminating = phase.Is("Terminating"u8);
            writer.BeginSample(family).Label("namespace", name).Label("phase", "Active").Value(terminating ? 0L : 1L);
            writer.BeginSample(family).Label("namespace", name).Label("phase", "Terminating").Value(terminating ? 1L : 0L);
        }
    }
}
