namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' daemonset families, labelled <c>namespace</c>, <c>daemonset</c>.</summary>
internal static class DaemonSetMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.DaemonSets, ObjectFamilies.Named("daemonset"),
    [
        ObjectFamilies.PerObject("kube_daemonset_status_current_number_scheduled",
            "The number of nodes running at least one daemon pod and are supposed to.",
            d => d.Get("status"u8, "currentNumberScheduled"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_desired_number_scheduled",
            "The number of nodes that should be running the daemon pod.",
            d => d.Get("status"u8, "desiredNumberScheduled"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_number_available",
            "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available",
            d => d.Get("status"u8, "numberAvailable"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_number_misscheduled",
            "The number of nodes running a daemon pod but are not supposed to.",
            d => d.Get("status"u8, "numberMisscheduled"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_number_ready",
            "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.",
            d => d.Get("status"u8, "numberReady"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_number_unavailable",
            "The number of nodes that should be running the daemon pod and have none of the daemon pod running and available",
            d => d.Get("status"u8, "numberUnavailable"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_observed_generation",
            "The most recent generation observed by the daemon set controller.",
            d => d.Get("status"u8, "observedGeneration"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_status_updated_number_scheduled",
            "The total number of nodes that are running updated daemon pod",
            d => d.Get("status"u8, "updatedNumberScheduled"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_daemonset_metadata_generation",
            "Sequence number representing a specific generation of the desired state.",
            d => d.Get("metadata"u8, "generation"u8).NumberOr(0)),
    ]);
}
