namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' replicationcontroller families, labelled <c>namespace</c>, <c>replicationcontroller</c>.</summary>
internal static class ReplicationControllerMetrics
{
    // Status counts of zero are omitted from JSON; kube-state-metrics writes them as 0, and leaves out only an
    // unset spec.replicas (which the apiserver defaults to 1 on create anyway).
    public static ObjectKind Kind { get; } = new(ClusterStateResources.ReplicationControllers, ObjectFamilies.Named("replicationcontroller"),
    [
        ObjectFamilies.Created("kube_replicationcontroller_created", "Unix creation timestamp"),
        ObjectFamilies.PerObject("kube_replicationcontroller_status_replicas", "The number of replicas per ReplicationController.",
            r => r.Get("status"u8, "replicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicationcontroller_status_fully_labeled_replicas", "The number of fully labeled replicas per ReplicationController.",
            r => r.Get("status"u8, "fullyLabeledReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicationcontroller_status_ready_replicas", "The number of ready replicas per ReplicationController.",
            r => r.Get("status"u8, "readyReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicationcontroller_status_available_replicas", "The number of available replicas per ReplicationController.",
            r => r.Get("status"u8, "availableReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicationcontroller_status_observed_generation", "The generation observed by the ReplicationController controller.",
            r => r.Get("status"u8, "observedGeneration"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_replicationcontroller_spec_replicas", "Number of desired pods for a ReplicationController.",
            r => r.Get("spec"u8, "replicas"u8).Number()),
        ObjectFamilies.PerObject("kube_replicationcontroller_metadata_generation", "Sequence number representing a specific generation of the desired state.",
            r => r.Get("metadata"u8, "generation"u8).NumberOr(0)),
        ObjectFamilies.Owners("kube_replicationcontroller_owner", "Information about the ReplicationController's owner.", ""),
    ]);
}
