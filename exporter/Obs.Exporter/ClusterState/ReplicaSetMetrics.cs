namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' replicaset families, labelled <c>namespace</c>, <c>replicaset</c>.</summary>
internal static class ReplicaSetMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.ReplicaSets, ObjectFamilies.Named("replicaset"),
    [
        ObjectFamilies.PerObject("kube_replicaset_spec_replicas", "Number of desired pods for a ReplicaSet.",
            r => r.Get("spec"u8, "replicas"u8).NumberOr(1)),
        ObjectFamilies.PerObject("kube_replicaset_status_replicas", "The number of replicas per ReplicaSet.",
            r => r.Get("status"u8, "replicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicaset_status_ready_replicas", "The number of ready replicas per ReplicaSet.",
            r => r.Get("status"u8, "readyReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicaset_status_observed_generation", "The generation observed by the ReplicaSet controller.",
            r => r.Get("status"u8, "observedGeneration"u8).NumberOr(0)),
        ObjectFamilies.Owners("kube_replicaset_owner", "Information about the ReplicaSet's owner.", "<none>"),
    ]);
}
