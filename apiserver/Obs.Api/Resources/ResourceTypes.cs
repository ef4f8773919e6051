namespace Obs.Api.Resources;

/// <summary>The resources this apiserver serves, in the order discovery lists them.</summary>
public static class ResourceTypes
{
    private static readonly string[] All_ = ["all"];
    private static readonly string[] None = [];
    private static readonly string[] ApiMachinery = ["api-extensions"];

    public static readonly ResourceType Namespace = Core("Namespace", "namespaces", false, ["ns"], None, ["status", "finalize"]);
    public static readonly ResourceType Pod = Core("Pod", "pods", true, ["po"], All_, ["status", "ephemeralcontainers", "log", "exec", "portforward", "attach", "proxy", "binding", "eviction"]);
    public static readonly ResourceType Node = Core("Node", "nodes", false, ["no"], None, ["status", "proxy"]);
    public static readonly ResourceType Service = Core("Service", "services", true, ["svc"], All_, ["status", "proxy"]);
    public static readonly ResourceType Endpoints = Core("Endpoints", "endpoints", true, ["ep"], None, None);
    public static readonly ResourceType ConfigMap = Core("ConfigMap", "configmaps", true, ["cm"], None, None);
    public static readonly ResourceType Secret = Core("Secret", "secrets", true, None, None, None);
    public static readonly ResourceType Event = Core("Event", "events", true, ["ev"], None, None);
    public static readonly ResourceType ServiceAccount = Core("ServiceAccount", "serviceaccounts", true, ["sa"], None, ["token"]);
    public static readonly ResourceType PersistentVolume = Core("PersistentVolume", "persistentvolumes", false, ["pv"], None, ["status"]);
    public static readonly ResourceType PersistentVolumeClaim = Core("PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], None, ["status"]);
    public static readonly ResourceType ReplicationController = Core("ReplicationController", "replicationcontrollers", true, ["rc"], All_, ["status", "scale"]);
    public static readonly ResourceType LimitRange = Core("LimitRange", "limitranges", true, ["limits"], None, None);
    public static readonly ResourceType ResourceQuota = Core("ResourceQuota", "resourcequotas", true, ["quota"], None, ["status"]);

    public static readonly ResourceType Deployment = Apps("Deployment", "deployments", ["deploy"], All_, ["status", "scale"]);
    public static readonly ResourceType ReplicaSet = Apps("ReplicaSet", "replicasets", ["rs"], All_, ["status", "scale"]);
    public static readonly ResourceType StatefulSet = Apps("StatefulSet", "statefulsets", ["sts"], All_, ["status", "scale"]);
    public static readonly ResourceType DaemonSet = Apps("DaemonSet", "daemonsets", ["ds"], All_, ["status"]);
    public static readonly ResourceType ControllerRevision = Apps("ControllerRevision", "controllerrevisions", None, None, None);

    public static readonly ResourceType Job = new("batch", "v1", "Job", "jobs", "job", true, None, All_, ["status"]);
    public static readonly ResourceType CronJob = new("batch", "v1", "CronJob", "cronjobs", "cronjob", true, ["cj"], All_, ["status"]);

    public static readonly ResourceType Lease = new("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, None, None, None);
    public static readonly ResourceType EndpointSlice = new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", true, None, None, None);
    public static readonly ResourceType HorizontalPodAutoscaler = new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", "horizontalpodautoscaler", true, ["hpa"], All_, ["status"]);
    public static readonly ResourceType PodDisruptionBudget = new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", "poddisruptionbudget", true, ["pdb"], None, ["status"]);
    public static readonly ResourceType Ingress = new("networking.k8s.io", "v1", "Ingress", "ingresses", "ingress", true, ["ing"], None, ["status"]);
    public static readonly ResourceType NetworkPolicy = new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", "networkpolicy", true, ["netpol"], None, None);
    public static readonly ResourceType IngressClass = new("networking.k8s.io", "v1", "IngressClass", "ingressclasses", "ingressclass", false, None, None, None);
    public static readonly ResourceType StorageClass = new("storage.k8s.io", "v1", "StorageClass", "storageclasses", "storageclass", false, ["sc"], None, None);
    public static readonly ResourceType PriorityClass = new("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", "priorityclass", false, ["pc"], None, None);

    public static readonly ResourceType CustomResourceDefinition = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", "customresourcedefinition", false, ["crd", "crds"], None, ["status"]);

    public static readonly ResourceType ValidatingWebhookConfiguration = new("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "validatingwebhookconfiguration", false, None, ApiMachinery, None);
    public static readonly ResourceType MutatingWebhookConfiguration = new("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration", false, None, ApiMachinery, None);
    public static readonly ResourceType ValidatingAdmissionPolicy = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicy", "validatingadmissionpolicies", "validatingadmissionpolicy", false, None, ApiMachinery, ["status"]);
    public static readonly ResourceType ValidatingAdmissionPolicyBinding = new("admissionregistration.k8s.io", "v1", "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding", false, None, ApiMachinery, None);

    public static readonly ResourceType Role = Rbac("Role", "roles", true);
    public static readonly ResourceType RoleBinding = Rbac("RoleBinding", "rolebindings", true);
    public static readonly ResourceType ClusterRole = Rbac("ClusterRole", "clusterroles", false);
    public static readonly ResourceType ClusterRoleBinding = Rbac("ClusterRoleBinding", "clusterrolebindings", false);

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespace, Pod, Node, Service, Endpoints, ConfigMap, Secret, Event, ServiceAccount, PersistentVolume, PersistentVolumeClaim, ReplicationController, LimitRange, ResourceQuota,
        Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision,
        Job, CronJob,
        Lease, EndpointSlice, HorizontalPodAutoscaler, PodDisruptionBudget, Ingress, NetworkPolicy, IngressClass, StorageClass,
        PriorityClass,
        Role, RoleBinding, ClusterRole, ClusterRoleBinding,
        CustomResourceDefinition,
        ValidatingWebhookConfiguration, MutatingWebhookConfiguration, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding,
    ];

    /// <summary>kubectl autoscale still creates autoscaling/v1 HPAs; they are stored as v2.</summary>
    public static readonly ResourceType HorizontalPodAutoscalerV1 = HorizontalPodAutoscaler with { Version = "v1", StoredAs = HorizontalPodAutoscaler };

    /// <summary>events.k8s.io/v1 Events (client-go's new event broadcaster writes them) are the core/v1 Events, converted.</summary>
    public static readonly ResourceType EventV1 = Event with { Group = "events.k8s.io", StoredAs = Event };

    /// <summary>Every resource at every served version: the stored ones, then other versions converted to them.</summary>
    public static IReadOnlyList<ResourceType> Served { get; } = [.. All, HorizontalPodAutoscalerV1, EventV1];

    private static readonly Dictionary<(string Group, string Version, string Plural), ResourceType> ByPath =
        Served.ToDictionary(r => (r.Group, r.Version, r.Plural));

    private static readonly Dictionary<(string ApiVersion, string Kind), ResourceType> ByKind =
        Served.ToDictionary(r => (r.ApiVersion, r.Kind));

    /// <summary>The resource served at <c>/apis/{group}/{version}/{plural}</c> (group "" for <c>/api/v1</c>).</summary>
    public static ResourceType? Find(string group, string version, string plural) =>
        ByPath.GetValueOrDefault((group, version, plural));

    /// <summary>The resource whose objects carry this apiVersion and kind.</summary>
    public static ResourceType? FindByKind(string apiVersion, string kind) =>
        ByKind.GetValueOrDefault((apiVersion, kind));

    /// <summary>The group/versions served, each with its resources, in discovery order.</summary>
    public static IEnumerable<IGrouping<string, ResourceType>> ByGroupVersion() =>
        Served.GroupBy(r => r.ApiVersion);

    private static ResourceType Core(string kind, string plural, bool namespaced, string[] shortNames, string[] categories, string[] subresources) =>
        new("", "v1", kind, plural, kind.ToLowerInvariant(), namespaced, shortNames, categories, subresources);

    private static ResourceType Apps(string kind, string plural, string[] shortNames, string[] categories, string[] subresources) =>
        new("apps", "v1", kind, plural, kind.ToLowerInvariant(), true, shortNames, categories, subresources);

    private static ResourceType Rbac(string kind, string plural, bool namespaced) =>
        new("rbac.authorization.k8s.io", "v1", kind, plural, kind.ToLowerInvariant(), namespaced, [], [], []);
}
