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
    public static ObjectKind Kind { get; } = new(ClusterStateResources.Namespaces, Identity,
    [
        new("kube_namespace_status_phase", "kubernetes namespace status phase.", Phases),
        new("kube_namespace_labels", "Kubernetes labels converted to Prometheus labels.", Labels),
    ]);

    private static SampleWriter Identity(SampleWriter line, JsonElement ns) => line.Label("namespace", ns.Get("metadata"u8, "name"u8));

    private static void Phases(JsonElement ns, ObjectLines lines)
    {
        // A namespace without status yet is Active: the apiserver defaults the phase on create.
        var terminating = ns.Get("status"u8, "phase"u8).Is("Terminating"u8);
        lines.Add().Label("phase", "Active").Value(terminating ? 0L : 1L);
        lines.Add().Label("phase", "Terminating").Value(terminating ? 1L : 0L);
    }

    private static void Labels(JsonElement ns, ObjectLines lines)
    {
        var line = lines.Add();
        var team = ns.Get("metadata"u8, "labels"u8).Get("team"u8);
        if (team.ValueKind == JsonValueKind.String) line = line.Label("label_team", team);
        line.Value(1L);
    }
}
