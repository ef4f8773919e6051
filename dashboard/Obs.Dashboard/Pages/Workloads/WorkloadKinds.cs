using Obs.Api.Resources;

namespace Obs.Dashboard.Pages.Workloads;

/// <summary>The workload kinds, in the order the kind picker shows them.</summary>
public static class WorkloadKinds
{
    private static readonly string[] Replicas = ["Ready", "Up-to-date", "Available"];

    public static readonly WorkloadKind Deployments = new("deployments", "Deployments", ResourceTypes.Deployment, Replicas) { Scalable = true, Restartable = true };
    public static readonly WorkloadKind StatefulSets = new("statefulsets", "StatefulSets", ResourceTypes.StatefulSet, Replicas) { Scalable = true, Restartable = true };
    public static readonly WorkloadKind DaemonSets = new("daemonsets", "DaemonSets", ResourceTypes.DaemonSet, Replicas) { Restartable = true };
    public static readonly WorkloadKind ReplicaSets = new("replicasets", "ReplicaSets", ResourceTypes.ReplicaSet, Replicas) { Scalable = true };
    // The core/v1 ancestor of ReplicaSets, run by the same controller: the same counts, scale subresource and pods.
    public static readonly WorkloadKind ReplicationControllers = new("replicationcontrollers", "ReplicationControllers", ResourceTypes.ReplicationController, Replicas) { Scalable = true };
    public static readonly WorkloadKind Jobs = new("jobs", "Jobs", ResourceTypes.Job, ["Completions", "Active", "Failed"]);
    public static readonly WorkloadKind CronJobs = new("cronjobs", "CronJobs", ResourceTypes.CronJob, ["Schedule", "Active", "Last schedule"]);

    public static readonly IReadOnlyList<WorkloadKind> All = [Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs];

    /// <summary>The kind for a URL segment ("deployments"), or null.</summary>
    public static WorkloadKind? Find(string? slug) => All.FirstOrDefault(k => string.Equals(k.Slug, slug, StringComparison.OrdinalIgnoreCase));
}
