using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Access;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Pages.Nodes;

namespace Obs.Dashboard.Pages.Overview;

/// <summary>The overview's counts, taken from the cluster cache (memory, no API call): nodes, pods by phase, workloads.</summary>
public sealed record ClusterHealth(int NodesReady, int NodesTotal, IReadOnlyDictionary<string, int> PodsByPhase, IReadOnlyList<WorkloadHealth> Workloads)
{
    /// <summary>Pod phases in the order the overview lists them.</summary>
    public static readonly IReadOnlyList<string> Phases = ["Running", "Pending", "Succeeded", "Failed", "Unknown"];

    public int WorkloadsHealthy => Workloads.Count(w => w.IsHealthy);

    public IEnumerable<WorkloadHealth> Degraded => Workloads.Where(w => !w.IsHealthy);

    public int PodCount => PodsByPhase.Values.Sum();

    /// <summary>Nodes are not counted: the token may not list them.</summary>
    public bool NodesHidden { get; init; }

    /// <summary>The pods and workloads counted are those of the namespaces the token may list them in, not the whole cluster's.</summary>
    public bool Partial { get; init; }

    /// <summary>The counts of what <paramref name="access"/> may list: a token that may not list a kind everywhere sees its own share.</summary>
    public static ClusterHealth From(ClusterCache cache, UserAccess access)
    {
        IReadOnlyList<JsonObject> Visible(ResourceType type) => [.. access.Visible(type, cache.Lister(type).List())];
        return From(Visible(ResourceTypes.Node), Visible(ResourceTypes.Pod),
            Visible(ResourceTypes.Deployment), Visible(ResourceTypes.StatefulSet), Visible(ResourceTypes.DaemonSet)) with
        {
            NodesHidden = !access.MayList(ResourceTypes.Node),
            Partial = !new[] { ResourceTypes.Pod, ResourceTypes.Deployment, ResourceTypes.StatefulSet, ResourceTypes.DaemonSet }.All(t => access.MayList(t)),
        };
    }

    public static ClusterHealth From(IReadOnlyList<JsonObject> nodes, IReadOnlyList<JsonObject> pods,
        IReadOnlyList<JsonObject> deployments, IReadOnlyList<JsonObject> statefulSets, IReadOnlyList<JsonObject> daemonSets)
    {
        var phases = Phases.ToDictionary(p => p, _ => 0);
        foreach (var pod in pods)
        {
            var phase = pod.StringAt("status", "phase") is { Length: > 0 } p && phases.ContainsKey(p) ? p : "Pending";
            phases[phase]++;
        }
        var workloads = deployments.Select(WorkloadHealth.Deployment)
            .Concat(statefulSets.Select(WorkloadHealth.StatefulSet))
            .Concat(daemonSets.Select(WorkloadHealth.DaemonSet))
            .OrderBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal).ToList();
        return new ClusterHealth(nodes.Count(NodeStatus.IsReady), nodes.Count, phases, workloads);
    }
}
