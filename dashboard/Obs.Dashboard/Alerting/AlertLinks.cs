using Obs.Dashboard.Components.Objects;

namespace Obs.Dashboard.Alerting;

/// <summary>
/// The dashboard pages of the objects an alert names, read from its labels as kube-state-metrics
/// and the mixins name them (a <c>pod</c> or workload with its <c>namespace</c>, or a <c>node</c>).
/// </summary>
public static class AlertLinks
{
    /// <summary>Label holding a namespaced object's name, and the object's kind.</summary>
    private static readonly (string Label, string Kind)[] Namespaced =
    [
        ("pod", "Pod"),
        ("deployment", "Deployment"),
        ("statefulset", "StatefulSet"),
        ("daemonset", "DaemonSet"),
        ("replicaset", "ReplicaSet"),
        ("replicationcontroller", "ReplicationController"),
        // kube-state-metrics says job_name; "job" is every series' scrape job.
        ("job_name", "Job"),
        ("cronjob", "CronJob"),
    ];

    public static IReadOnlyList<ObjectLink> For(IReadOnlyDictionary<string, string> labels)
    {
        var links = new List<ObjectLink>();
        if (labels.GetValueOrDefault("namespace") is { Length: > 0 } ns)
        {
            foreach (var (label, kind) in Namespaced)
            {
                if (labels.GetValueOrDefault(label) is { Length: > 0 } name && ObjectLinks.For(kind, ns, name) is { } href)
                    links.Add(new ObjectLink(kind, $"{ns}/{name}", href));
            }
        }
        if (labels.GetValueOrDefault("node") is { Length: > 0 } node)
            links.Add(new ObjectLink("Node", node, ObjectLinks.For("Node", null, node)!));
        return links;
    }
}
