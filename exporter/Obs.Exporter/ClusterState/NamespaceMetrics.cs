using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary><c>kube_namespace_status_phase</c>: one series per phase, the current one 1.</summary>
internal static class NamespaceMetrics
{
    public static void Write(List<JsonElement> namespaces, MetricsWriter writer)
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
