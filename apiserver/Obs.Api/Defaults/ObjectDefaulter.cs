using System.Text.Json.Nodes;
using Obs.Api.Resources;

namespace Obs.Api.Defaults;

/// <summary>
/// Fills in the fields Kubernetes defaults (its SetDefaults functions, plus what the registry and the
/// default admission plugins add on create), so objects read back the way users know them from
/// <c>kubectl get -o yaml</c> and <c>kubectl describe</c>. Mutates the object in place and is
/// idempotent: applying it twice changes nothing the second time. Values the user set are kept.
/// </summary>
public static class ObjectDefaulter
{
    public static void Apply(ResourceType type, JsonObject obj) => Apply(type, obj, new DefaultTolerationSeconds());

    /// <param name="tolerationSeconds">what the apiserver was started with for the tolerations pods get (Kubernetes' defaults otherwise)</param>
    public static void Apply(ResourceType type, JsonObject obj, DefaultTolerationSeconds tolerationSeconds)
    {
        // Pods are the one kind whose defaults depend on the apiserver's flags.
        if (type.Group.Length == 0 && type.Kind == "Pod")
        {
            PodDefaults.Apply(obj, tolerationSeconds);
            return;
        }
        if (!Defaulters.TryGetValue((type.Group, type.Kind), out var apply)) return;
        apply(obj);
    }

    private static readonly Dictionary<(string Group, string Kind), Action<JsonObject>> Defaulters = new()
    {
        [("", "Service")] = CoreDefaults.Service,
        [("", "Namespace")] = CoreDefaults.Namespace,
        [("", "Secret")] = CoreDefaults.Secret,
        [("", "Event")] = CoreDefaults.Event,
        [("", "PersistentVolume")] = CoreDefaults.PersistentVolume,
        [("", "PersistentVolumeClaim")] = CoreDefaults.PersistentVolumeClaim,
        [("", "Endpoints")] = CoreDefaults.Endpoints,
        [("", "Node")] = CoreDefaults.Node,
        [("", "ReplicationController")] = AppsDefaults.ReplicationController,
        [("apps", "Deployment")] = AppsDefaults.Deployment,
        [("apps", "ReplicaSet")] = AppsDefaults.ReplicaSet,
        [("apps", "StatefulSet")] = AppsDefaults.StatefulSet,
        [("apps", "DaemonSet")] = AppsDefaults.DaemonSet,
        [("batch", "Job")] = BatchDefaults.Job,
        [("batch", "CronJob")] = BatchDefaults.CronJob,
        [("autoscaling", "HorizontalPodAutoscaler")] = ClusterDefaults.HorizontalPodAutoscaler,
        [("discovery.k8s.io", "EndpointSlice")] = ClusterDefaults.EndpointSlice,
        [("networking.k8s.io", "IngressClass")] = ClusterDefaults.IngressClass,
        [("storage.k8s.io", "StorageClass")] = ClusterDefaults.StorageClass,
        [("scheduling.k8s.io", "PriorityClass")] = PolicyDefaults.PriorityClass,
        [("networking.k8s.io", "NetworkPolicy")] = PolicyDefaults.NetworkPolicy,
        [("", "LimitRange")] = PolicyDefaults.LimitRange,
        [("rbac.authorization.k8s.io", "RoleBinding")] = ClusterDefaults.RoleBinding,
        [("rbac.authorization.k8s.io", "ClusterRoleBinding")] = ClusterDefaults.RoleBinding,
        [("apiextensions.k8s.io", "CustomResourceDefinition")] = CustomResourceDefinitionDefaults.Apply,
        [("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = WebhookDefaults.Validating,
        [("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = WebhookDefaults.Mutating,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicy")] = AdmissionPolicyDefaults.Policy,
        [("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding")] = AdmissionPolicyDefaults.Binding,
    };
}
