using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Overview;

/// <summary>One Deployment, StatefulSet or DaemonSet: how many pods it wants and how many are ready.</summary>
public sealed record WorkloadHealth(string Kind, string Namespace, string Name, long Desired, long Ready)
{
    /// <summary>Healthy when every wanted pod is ready (a workload scaled to zero is healthy too).</summary>
    public bool IsHealthy => Ready >= Desired;

    public string Link => Kind switch
    {
        "Deployment" => $"/workloads/deployments/{Namespace}/{Name}",
        "StatefulSet" => $"/workloads/statefulsets/{Namespace}/{Name}",
        _ => $"/workloads/daemonsets/{Namespace}/{Name}",
    };

    // spec.replicas defaults to 1 when unset, as the apps/v1 defaulting does.
    public static WorkloadHealth Deployment(JsonObject obj) =>
        new("Deployment", ObjectMeta.Namespace(obj) ?? "", ObjectMeta.Name(obj) ?? "", obj.LongAt("spec", "replicas") ?? 1, obj.LongAt("status", "readyReplicas") ?? 0);

    public static WorkloadHealth StatefulSet(JsonObject obj) =>
        new("StatefulSet", ObjectMeta.Namespace(obj) ?? "", ObjectMeta.Name(obj) ?? "", obj.LongAt("spec", "replicas") ?? 1, obj.LongAt("status", "readyReplicas") ?? 0);

    // A DaemonSet wants one pod per eligible node, which only its status knows.
    public static WorkloadHealth DaemonSet(JsonObject obj) =>
        new("DaemonSet", ObjectMeta.Namespace(obj) ?? "", ObjectMeta.Name(obj) ?? "", obj.LongAt("status", "desiredNumberScheduled") ?? 0, obj.LongAt("status", "numberReady") ?? 0);
}
