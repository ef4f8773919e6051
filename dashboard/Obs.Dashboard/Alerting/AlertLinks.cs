namespace Obs.Dashboard.Alerting;

/// <summary>
/// The dashboard pages of the objects an alert names, read from its labels as kube-state-metrics
/// and the mixins name them (a <c>pod</c> or workload with its <c>namespace</c>, or a <c>node</c>).
/// </summary>
public static class AlertLinks
{
    /// <summary>Label holding a namespaced object's name, and the dashboard's path segment for its kind.</summary>
    private static readonly (string Label, string Kind, string PathPrefix)[] Namespaced =
    [
        ("pod", "Pod", "/pods"),
        ("deployment", "Deployment", "/workloads/deployments"),
        ("statefulset", "StatefulSet", "/workloads/statefulsets"),
        ("daemonset", "DaemonSet", "/workloads/daemonsets"),
        ("replicaset", "ReplicaSet", "/workloads/replicasets"),
        // kube-state-metrics says job_name; "job" is every series' scrape job.
        ("job_name", "Job", "/workloads/jobs"),
        ("cronjob", "CronJob", "/workloads/cronjobs"),
    ];

    public static IReadOnlyList<ObjectLink> For(IReadOnlyDictionary<string, string> labels)
    {
        var links = new List<ObjectLink>();
        if (labels.GetValueOrDefault("namespace") is { Length: > 0 } ns)
        {
            foreach (var (label, kind, prefix) in Namespaced)
            {
                if (labels.GetValueOrDefault(label) is { Length: > 0 } name)
                    links.Add(new ObjectLink(kind, $"{ns}/{name}", $"{prefix}/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}"));
            }
        }
        if (labels.GetValueOrDefault("node") is { Length: > 0 } node)
            links.Add(new ObjectLink("Node", node, $"/nodes/{Uri.EscapeDataString(node)}"));
        return links;
    }
}
