namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' statefulset families, labelled <c>namespace</c>, <c>statefulset</c>.</summary>
internal static class StatefulSetMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.StatefulSets, ObjectFamilies.Named("statefulset"),
    [
        ObjectFamilies.PerObject("kube_statefulset_replicas", "Number of desired pods for a StatefulSet.",
            s => s.Get("spec"u8, "replicas"u8).NumberOr(1)),
        ObjectFamilies.PerObject("kube_statefulset_status_replicas", "The number of replicas per StatefulSet.",
            s => s.Get("status"u8, "replicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_statefulset_status_replicas_available", "The number of available replicas per StatefulSet.",
            s => s.Get("status"u8, "availableReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_statefulset_status_replicas_current", "The number of current replicas per StatefulSet.",
            s => s.Get("status"u8, "currentReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_statefulset_status_replicas_ready", "The number of ready replicas per StatefulSet.",
            s => s.Get("status"u8, "readyReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_statefulset_status_replicas_updated", "The number of updated replicas per StatefulSet.",
            s => s.Get("status"u8, "updatedReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_statefulset_status_observed_generation", "The generation observed by the StatefulSet controller.",
            s => s.Get("status"u8, "observedGeneration"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_statefulset_metadata_generation",
            "Sequence number representing a specific generation of the desired state for the StatefulSet.",
            s => s.Get("metadata"u8, "generation"u8).NumberOr(0)),
        Revision("kube_statefulset_status_current_revision",
            "Indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).", "currentRevision"u8.ToArray()),
        Revision("kube_statefulset_status_update_revision",
            "Indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)", "updateRevision"u8.ToArray()),
    ]);

    private static ObjectFamily Revision(string family, string help, byte[] field) =>
        new(family, help, (set, lines) => lines.Add().Label("revision", set.Get("status"u8).Get(field)).Value(1L));
}
