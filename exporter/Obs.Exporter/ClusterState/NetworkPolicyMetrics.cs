namespace Obs.Exporter.ClusterState;

/// <summary>
/// kube-state-metrics' networkpolicy families, labelled <c>namespace</c>, <c>networkpolicy</c>. Its
/// <c>kube_networkpolicy_labels</c> and <c>_annotations</c> carry only allow-listed keys, and this exporter
/// allow-lists none for workloads (only namespaces' <c>team</c>), so they are left out as for the other kinds.
/// </summary>
internal static class NetworkPolicyMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.NetworkPolicies, ObjectFamilies.Named("networkpolicy"),
    [
        ObjectFamilies.Created("kube_networkpolicy_created", "Unix creation timestamp of network policy"),
        ObjectFamilies.PerObject("kube_networkpolicy_spec_ingress_rules", "Number of ingress rules on the networkpolicy",
            n => n.Get("spec"u8, "ingress"u8).Length()),
        ObjectFamilies.PerObject("kube_networkpolicy_spec_egress_rules", "Number of egress rules on the networkpolicy",
            n => n.Get("spec"u8, "egress"u8).Length()),
    ]);
}
