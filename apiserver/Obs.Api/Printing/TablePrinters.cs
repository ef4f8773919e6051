using System.Text.Json.Nodes;
using Obs.Api.Resources;

namespace Obs.Api.Printing;

/// <summary>
/// The Table printer for each served resource, with the columns Kubernetes' own printers give it;
/// a resource without specific columns gets NAME and AGE.
/// </summary>
public static class TablePrinters
{
    public static ITablePrinter For(ResourceType type) =>
        Printers.TryGetValue((type.Group, type.Kind), out var printer) ? printer : Default;

    /// <summary>NAME and AGE, for any resource without columns of its own.</summary>
    public static ITablePrinter Default { get; } = new TablePrinter(
        [CommonColumns.Name, CommonColumns.Age],
        (obj, now) => [ObjectCells.Name(obj), ObjectCells.Age(obj, now)]);

    private static readonly Dictionary<(string Group, string Kind), ITablePrinter> Printers = new()
    {
        [("", "Pod")] = new TablePrinter(PodTable.Columns, PodRow.Cells),
        [("", "Node")] = new TablePrinter(NodeTable.Columns, NodeRow.Cells),
        [("", "Event")] = new TablePrinter(EventTable.Columns, EventRow.Cells),
        [("", "Namespace")] = Make(ConfigTables.NamespaceColumns, ConfigTables.Namespace),
        [("", "ConfigMap")] = Make(ConfigTables.ConfigMapColumns, ConfigTables.ConfigMap),
        [("", "Secret")] = Make(ConfigTables.SecretColumns, ConfigTables.Secret),
        [("", "ServiceAccount")] = Make(ConfigTables.ServiceAccountColumns, ConfigTables.ServiceAccount),
        [("", "Service")] = Make(NetworkTables.ServiceColumns, NetworkTables.Service),
        [("", "Endpoints")] = Make(NetworkTables.EndpointsColumns, NetworkTables.Endpoints),
        [("", "PersistentVolume")] = Make(StorageTables.VolumeColumns, StorageTables.Volume),
        [("", "PersistentVolumeClaim")] = Make(StorageTables.ClaimColumns, StorageTables.Claim),
        [("", "ComponentStatus")] = Make(ComponentStatusTable.Columns, ComponentStatusTable.Row),
        [("", "ReplicationController")] = Make(WorkloadTables.ReplicaSetColumns, WorkloadTables.ReplicationController),
        [("apps", "Deployment")] = new TablePrinter(WorkloadTables.DeploymentColumns, WorkloadRow.Deployment),
        [("apps", "ReplicaSet")] = new TablePrinter(WorkloadTables.ReplicaSetColumns, WorkloadRow.ReplicaSet),
        [("apps", "StatefulSet")] = Make(WorkloadTables.StatefulSetColumns, WorkloadTables.StatefulSet),
        [("apps", "DaemonSet")] = Make(WorkloadTables.DaemonSetColumns, WorkloadTables.DaemonSet),
        [("apps", "ControllerRevision")] = Make(WorkloadTables.ControllerRevisionColumns, WorkloadTables.ControllerRevision),
        [("batch", "Job")] = Make(BatchTables.JobColumns, BatchTables.Job),
        [("batch", "CronJob")] = Make(BatchTables.CronJobColumns, BatchTables.CronJob),
        [("coordination.k8s.io", "Lease")] = Make(ConfigTables.LeaseColumns, ConfigTables.Lease),
        [("discovery.k8s.io", "EndpointSlice")] = Make(NetworkTables.EndpointSliceColumns, NetworkTables.EndpointSlice),
        [("autoscaling", "HorizontalPodAutoscaler")] = Make(AutoscalingTables.HpaColumns, AutoscalingTables.Hpa),
        [("policy", "PodDisruptionBudget")] = Make(AutoscalingTables.PdbColumns, AutoscalingTables.Pdb),
        [("networking.k8s.io", "Ingress")] = Make(NetworkTables.IngressColumns, NetworkTables.Ingress),
        [("networking.k8s.io", "IngressClass")] = Make(NetworkTables.IngressClassColumns, NetworkTables.IngressClass),
        [("storage.k8s.io", "StorageClass")] = Make(StorageTables.ClassColumns, StorageTables.Class),
        [("networking.k8s.io", "NetworkPolicy")] = Make(PolicyTables.NetworkPolicyColumns, PolicyTables.NetworkPolicy),
        [("", "LimitRange")] = Make(PolicyTables.CreatedAtColumns, PolicyTables.CreatedAt),
        [("", "ResourceQuota")] = Make(ResourceQuotaTable.Columns, ResourceQuotaTable.Row),
        [("scheduling.k8s.io", "PriorityClass")] = Make(PolicyTables.PriorityClassColumns, PolicyTables.PriorityClass),
        [("rbac.authorization.k8s.io", "Role")] = Make(RbacTables.RoleColumns, RbacTables.Role),
        [("rbac.authorization.k8s.io", "ClusterRole")] = Make(RbacTables.RoleColumns, RbacTables.Role),
        [("rbac.authorization.k8s.io", "RoleBinding")] = Make(RbacTables.BindingColumns, RbacTables.Binding),
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = Make(RbacTables.BindingColumns, RbacTables.Binding),
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = Make(PolicyTables.CreatedAtColumns, PolicyTables.CreatedAt),
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = Make(WebhookTables.Columns, WebhookTables.Configuration),
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = Make(WebhookTables.Columns, WebhookTables.Configuration),
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = Make(AdmissionPolicyTables.PolicyColumns, AdmissionPolicyTables.Policy),
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = Make(AdmissionPolicyTables.BindingColumns, AdmissionPolicyTables.Binding),
    };

    private static TablePrinter Make(TableColumn[] columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells) => new(columns, cells);
}
