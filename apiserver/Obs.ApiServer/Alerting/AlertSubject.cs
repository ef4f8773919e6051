using Obs.Api.Resources;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The Kubernetes object an alert is about, read from its labels as kube-state-metrics and the
/// mixins name them: a pod before its owner, a workload before its namespace; <c>node</c> for node alerts.
/// </summary>
public sealed record AlertSubject(ResourceType Type, string? Namespace, string Name)
{
    /// <summary>Label holding the object's name, most specific first; each needs <c>namespace</c> except the node.</summary>
    private static readonly (string Label, ResourceType Type)[] NamespacedLabels =
    [
        ("pod", ResourceTypes.Pod),
        ("deployment", ResourceTypes.Deployment),
        ("statefulset", ResourceTypes.StatefulSet),
        ("daemonset", ResourceTypes.DaemonSet),
        ("replicaset", ResourceTypes.ReplicaSet),
        // kube-state-metrics says job_name: "job" is the scrape job of every series.
        ("job_name", ResourceTypes.Job),
        ("cronjob", ResourceTypes.CronJob),
        ("service", ResourceTypes.Service),
        ("persistentvolumeclaim", ResourceTypes.PersistentVolumeClaim),
    ];

    /// <summary>Events about cluster-scoped objects live here, as Kubernetes records them.</summary>
    public string EventNamespace => Namespace ?? "default";

    public static AlertSubject? From(IReadOnlyDictionary<string, string> labels)
    {
        var ns = labels.GetValueOrDefault("namespace") is { Length: > 0 } n ? n : null;
        if (ns is not null)
        {
            foreach (var (label, type) in NamespacedLabels)
            {
                if (labels.GetValueOrDefault(label) is { Length: > 0 } name) return new AlertSubject(type, ns, name);
            }
        }
        if (labels.GetValueOrDefault("node") is { Length: > 0 } node) return new AlertSubject(ResourceTypes.Node, null, node);
        return ns is null ? null : new AlertSubject(ResourceTypes.Namespace, null, ns);
    }
}
