using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Access;
using Obs.Dashboard.Cluster;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>One line of the node list: the node's own status plus how many pods run on it (from the cache).</summary>
public sealed record NodeRow(string Name, string Status, string Roles, IReadOnlyList<string> Problems, IReadOnlyList<string> Taints, int Pods)
{
    /// <summary>Conditions that say something is wrong: any but Ready that is True (pressure, unavailable network).</summary>
    public static IReadOnlyList<string> ProblemsOf(JsonObject node) => NodeStatus.Conditions(node)
        .Where(c => c.StringAt("type") != "Ready" && c.StringAt("status") == "True")
        .Select(c => c.StringAt("type") ?? "").ToList();

    /// <summary>The rows <paramref name="access"/> may see: no node unless it may list nodes, and only the pods it may list counted.</summary>
    public static IReadOnlyList<NodeRow> From(UserAccess access, ClusterCache cache) => From(
        access.MayList(ResourceTypes.Node) ? cache.Lister(ResourceTypes.Node).List() : [],
        [.. access.Visible(ResourceTypes.Pod, cache.Lister(ResourceTypes.Pod).List())]);

    public static IReadOnlyList<NodeRow> From(IReadOnlyList<JsonObject> nodes, IReadOnlyList<JsonObject> pods)
    {
        var podsByNode = pods.GroupBy(p => p.StringAt("spec", "nodeName") ?? "").ToDictionary(g => g.Key, g => g.Count());
        return nodes.Select(n => new NodeRow(ObjectMeta.Name(n) ?? "", NodeStatus.Summary(n), NodeStatus.Roles(n), ProblemsOf(n),
                NodeStatus.Taints(n).Select(NodeStatus.TaintText).ToList(), podsByNode.GetValueOrDefault(ObjectMeta.Name(n) ?? "")))
            .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }
}
