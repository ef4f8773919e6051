using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' replicaset families, labelled <c>namespace</c>, <c>replicaset</c>.</summary>
internal static class ReplicaSetMetrics
{
    private static readonly SampleStart Start = (writer, family, r) => ObjectFamilies.Named(writer, family, r, "replicaset");

    public static void Write(List<JsonElement> sets, MetricsWriter writer)
    {
        ObjectFamilies.PerObject(writer, sets, "kube_replicaset_spec_replicas", "Number of desired pods for a ReplicaSet.", Start,
            r => r.Get("spec"u8, "replicas"u8).NumberOr(1));
        ObjectFamilies.PerObject(writer, sets, "kube_replicaset_status_replicas", "The number of replicas per ReplicaSet.", Start,
            r => r.Get("status"u8, "replicas"u8).NumberOr(0));
        ObjectFamilies.PerObject(writer, sets, "kube_replicaset_status_ready_replicas", "The number of ready replicas per ReplicaSet.", Start,
            r => r.Get("status"u8, "readyReplicas"u8).NumberOr(0));
        ObjectFamilies.Owners(writer, sets, "kube_replicaset_owner", "Information about the ReplicaSet's owner.", Start, "<none>");
    }
}
