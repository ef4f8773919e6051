using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.ApiServer.Registry;

namespace Obs.ApiServer.Auth.Rbac;

/// <summary>
/// The ClusterRoles and ClusterRoleBindings Kubernetes bootstraps and users reach for: <c>cluster-admin</c>
/// (bound to <c>system:masters</c>), the user-facing <c>admin</c>, <c>edit</c> and <c>view</c> (aggregated from
/// <c>system:aggregate-to-*</c> by their labels, so a ClusterRole labelled
/// <c>rbac.authorization.k8s.io/aggregate-to-view: "true"</c> extends view), and <c>system:discovery</c>,
/// <c>system:basic-user</c> and <c>system:public-info-viewer</c> for every authenticated user. Created at start
/// when missing, and given what they lack at every start unless annotated autoupdate "false"; one an administrator
/// deleted is made again, as Kubernetes does.
/// </summary>
public static class BootstrapPolicy
{
    private const string AggregateLabel = "rbac.authorization.k8s.io/aggregate-to-";
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];

    private static PolicyRule R(string[] verbs, string group, params string[] resources) => PolicyRule.Resource(verbs, [group], resources);

    private static readonly PolicyRule[] ViewRules =
    [
        R(Read, "", "configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers",
            "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"),
        R(Read, "", "bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status",
            "resourcequotas", "resourcequotas/status"),
        R(Read, "", "namespaces"),
        R(Read, "discovery.k8s.io", "endpointslices"),
        R(Read, "apps", "controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status",
            "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"),
        R(Read, "autoscaling", "horizontalpodautoscalers", "horizontalpodautoscalers/status"),
        R(Read, "batch", "cronjobs", "cronjobs/status", "jobs", "jobs/status"),
        R(Read, "networking.k8s.io", "ingresses", "ingresses/status", "networkpolicies"),
        R(Read, "policy", "poddisruptionbudgets", "poddisruptionbudgets/status"),
        R(Read, "metrics.k8s.io", "pods"),
    ];

    private static readonly PolicyRule[] EditRules =
    [
        R(Read, "", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"),
        R(["impersonate"], "", "serviceaccounts"),
        R(Write, "", "pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"),
        R(["create"], "", "pods/eviction"),
        R(Write, "", "configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets",
            "serviceaccounts", "services", "services/proxy"),
        R(["create"], "", "serviceaccounts/token"),
        R(Write, "apps", "daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale",
            "statefulsets", "statefulsets/scale"),
        R(Write, "autoscaling", "horizontalpodautoscalers"),
        R(Write, "batch", "cronjobs", "jobs"),
        R(Write, "networking.k8s.io", "ingresses", "networkpolicies"),
        R(Write, "policy", "poddisruptionbudgets"),
    ];

    private static readonly PolicyRule[] AdminRules =
    [
        R(["create"], "authorization.k8s.io", "localsubjectaccessreviews"),
        R([.. Write, .. Read], "rbac.authorization.k8s.io", "rolebindings", "roles"),
    ];

    /// <summary>The paths every authenticated user may read: health and version (also open to anyone), discovery and OpenAPI.</summary>
    private static readonly string[] PublicInfoUrls = ["/healthz", "/livez", "/readyz", "/version", "/version/"];

    /// <summary>
    /// The on-call receiver's read paths (<see cref="Alerting.AlertingEndpoints"/>, authorized as non-resource URLs):
    /// the alert list, each alert with its notifications, and the silences.
    /// </summary>
    private static readonly string[] AlertReadUrls = ["/alerting/v1/alerts", "/alerting/v1/alerts/*", "/alerting/v1/silences"];

    /// <summary>What responding to an alert posts: <c>/alerting/v1/alerts/ID/ack</c> and a new silence.</summary>
    private static readonly string[] AlertRespondUrls = ["/alerting/v1/alerts/*", "/alerting/v1/silences"];

    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        Role("cluster-admin", [PolicyRule.Resource(["*"], ["*"], ["*"]), PolicyRule.NonResource(["*"], ["*"])]),
        Aggregated("admin", "admin", [.. AdminRules, .. EditRules, .. ViewRules]),
        Aggregated("edit", "edit", [.. EditRules, .. ViewRules], labels: [AggregateLabel + "admin"]),
        Aggregated("view", "view", ViewRules, labels: [AggregateLabel + "admin", AggregateLabel + "edit"]),
        Role("system:aggregate-to-admin", AdminRules, [AggregateLabel + "admin"]),
        Role("system:aggregate-to-edit", EditRules, [AggregateLabel + "admin", AggregateLabel + "edit"]),
        Role("system:aggregate-to-view", ViewRules, [AggregateLabel + "admin", AggregateLabel + "edit", AggregateLabel + "view"]),
        Role("system:discovery", [PolicyRule.NonResource(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
        Role("system:basic-user", [
            R(["create"], "authentication.k8s.io", "selfsubjectreviews"),
            R(["create"], "authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectrulesreviews"),
        ]),
        Role("system:public-info-viewer", [PolicyRule.NonResource(["get"], PublicInfoUrls)]),
        // What a component that authenticates and authorizes its own callers through the apiserver needs (kube-rbac-proxy,
        // extension apiservers, webhooks), bound to it by its installer.
        Role("system:auth-delegator", [
            R(["create"], "authentication.k8s.io", "tokenreviews"),
            R(["create"], "authorization.k8s.io", "subjectaccessreviews"),
        ]),
        // Not in Kubernetes: Obs's roles for the on-call receiver (AlertingEndpoints), bound to no one; for a ClusterRoleBinding,
        // since path rules bind cluster-wide only.
        Role("obs:alerting-view", [PolicyRule.NonResource(["get"], AlertReadUrls)]),
        Role("obs:alerting-respond", [PolicyRule.NonResource(["get"], AlertReadUrls), PolicyRule.NonResource(["post"], AlertRespondUrls)]),
    ];

    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "cluster-admin", RbacAuthorizer.Masters),
        Binding("system:discovery", "system:discovery", RbacAuthorizer.Authenticated),
        Binding("system:basic-user", "system:basic-user", RbacAuthorizer.Authenticated),
        Binding("system:public-info-viewer", "system:public-info-viewer", RbacAuthorizer.Authenticated, RbacAuthorizer.Unauthenticated),
    ];

    /// <summary>
    /// Creates each default role and binding that is missing, and adds to each stored one what this version grants and it
    /// lacks (<see cref="BootstrapReconcile"/>), as kube-apiserver does at every start.
    /// </summary>
    public static async Task EnsureAsync(ObjectRegistry registry, CancellationToken cancellationToken)
    {
        foreach (var role in ClusterRoles())
            await EnsureAsync(registry, ResourceTypes.ClusterRole, role, cancellationToken);
        foreach (var binding in ClusterRoleBindings())
            await EnsureAsync(registry, ResourceTypes.ClusterRoleBinding, binding, cancellationToken);
    }

    private static async Task EnsureAsync(ObjectRegistry registry, ResourceType type, JsonObject desired, CancellationToken cancellationToken)
    {
        await DefaultStorageClass.EnsureClusterObjectAsync(registry, type, desired, cancellationToken);
        var name = ObjectMeta.Name(desired)!;
        var stored = await registry.GetAsync(type, null, name, cancellationToken);
        if (BootstrapReconcile.Reconcile(stored, desired) is null) return;
        // Read-modify-write: another apiserver starting at the same time may reconcile it too; the second finds nothing to add.
        await registry.ModifyAsync(type, null, name, null, current => BootstrapReconcile.Reconcile(current, desired) ?? current,
            new WriteOptions { FieldManager = "obs-apiserver" }, cancellationToken);
    }

    private static JsonObject Metadata(string name, IEnumerable<string> trueLabels) => new()
    {
        ["name"] = name,
        ["labels"] = new JsonObject([
            new("kubernetes.io/bootstrapping", "rbac-defaults"),
            .. trueLabels.Select(l => new KeyValuePair<string, JsonNode?>(l, "true"))]),
        ["annotations"] = new JsonObject { [BootstrapReconcile.AutoupdateAnnotation] = "true" },
    };

    private static JsonObject Role(string name, PolicyRule[] rules, string[]? labels = null) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = Metadata(name, labels ?? []),
        ["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]),
    };

    /// <summary>A user-facing role: its rules written out (what the aggregation of the bootstrap roles gives) and its aggregation rule.</summary>
    private static JsonObject Aggregated(string name, string aggregates, PolicyRule[] rules, string[]? labels = null)
    {
        var role = Role(name, rules, labels);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject { ["matchLabels"] = new JsonObject { [AggregateLabel + aggregates] = "true" } }),
        };
        return role;
    }

    private static JsonObject Binding(string name, string role, params string[] groups) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = Metadata(name, []),
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = role },
        ["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = g })]),
    };
}
