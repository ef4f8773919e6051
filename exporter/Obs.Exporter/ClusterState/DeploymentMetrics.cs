using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' deployment families, labelled <c>namespace</c>, <c>deployment</c>.</summary>
internal static class DeploymentMetrics
{
    // An absent spec.replicas is defaulted to 1 by the apiserver; status counts of zero are omitted from JSON.
    public static ObjectKind Kind { get; } = new(ClusterStateResources.Deployments, ObjectFamilies.Named("deployment"),
    [
        ObjectFamilies.PerObject("kube_deployment_spec_replicas", "Number of desired pods for a deployment.",
            d => d.Get("spec"u8, "replicas"u8).NumberOr(1)),
        ObjectFamilies.PerObject("kube_deployment_status_replicas", "The number of replicas per deployment.",
            d => d.Get("status"u8, "replicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_deployment_status_replicas_available", "The number of available replicas per deployment.",
            d => d.Get("status"u8, "availableReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_deployment_status_replicas_ready", "The number of ready replicas per deployment.",
            d => d.Get("status"u8, "readyReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_deployment_status_replicas_unavailable", "The number of unavailable replicas per deployment.",
            d => d.Get("status"u8, "unavailableReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_deployment_status_replicas_updated", "The number of updated replicas per deployment.",
            d => d.Get("status"u8, "updatedReplicas"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_deployment_status_observed_generation", "The generation observed by the deployment controller.",
            d => d.Get("status"u8, "observedGeneration"u8).NumberOr(0)),
        ObjectFamilies.PerObject("kube_deployment_metadata_generation", "Sequence number representing a specific generation of the desired state.",
            d => d.Get("metadata"u8, "generation"u8).NumberOr(0)),
        new("kube_deployment_status_condition", "The current status conditions of a deployment.", Conditions),
    ]);

    private static readonly (string Label, byte[] Value)[] Statuses = [("true", "True"u8.ToArray()), ("false", "False"u8.ToArray()), ("unknown", "Unknown"u8.ToArray())];

    private static void Conditions(JsonElement deployment, ObjectLines lines)
    {
        foreach (var condition in deployment.Get("status"u8, "conditions"u8).Items())
        {
            var reason = condition.Get("reason"u8);
            var status = condition.Get("status"u8);
            foreach (var (label, value) in Statuses)
            {
                var line = lines.Add();
                line = KnownReason(reason) ? line.Label("reason", reason) : line.Label("reason", "unknown");
                line.Label("condition", condition.Get("type"u8)).Label("status", label).Value(status.Is(value) ? 1L : 0L);
            }
        }
    }

    // The deployment controller's reasons; anything else is reported as "unknown" to bound cardinality.
    private static bool KnownReason(JsonElement reason) =>
        reason.ValueKind != JsonValueKind.String ||
        reason.ValueEquals(""u8) || reason.ValueEquals("ReplicaSetUpdated"u8) || reason.ValueEquals("ReplicaSetCreateError"u8) ||
        reason.ValueEquals("NewReplicaSetCreated"u8) || reason.ValueEquals("FoundNewReplicaSet"u8) ||
        reason.ValueEquals("NewReplicaSetAvailable"u8) || reason.ValueEquals("ProgressDeadlineExceeded"u8) ||
        reason.ValueEquals("DeploymentPaused"u8) || reason.ValueEquals("DeploymentResumed"u8) ||
        reason.ValueEquals("MinimumReplicasAvailable"u8) || reason.ValueEquals("MinimumReplicasUnavailable"u8);
}
