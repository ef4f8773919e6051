namespace Obs.Exporter.ClusterState;

/// <summary>The resources the cluster-state metrics read, named as the apiserver's watch cache keys them.</summary>
public static class ClusterStateResources
{
    public const string Pods = "pods";
    public const string Deployments = "deployments.apps";
    public const string StatefulSets = "statefulsets.apps";
    public const string DaemonSets = "daemonsets.apps";
    public const string ReplicaSets = "replicasets.apps";
    public const string Jobs = "jobs.batch";
    public const string CronJobs = "cronjobs.batch";
    public const string Nodes = "nodes";
    public const string Namespaces = "namespaces";
    public const string Services = "services";
    public const string Leases = "leases.coordination.k8s.io";
    public const string ReplicationControllers = "replicationcontrollers";
    public const string LimitRanges = "limitranges";
    public const string NetworkPolicies = "networkpolicies.networking.k8s.io";

    public static IReadOnlyList<string> All { get; } =
        [Pods, Deployments, StatefulSets, DaemonSets, ReplicaSets, Jobs, CronJobs, Nodes, Namespaces, Services, Leases,
         ReplicationControllers, LimitRanges, NetworkPolicies];
}
