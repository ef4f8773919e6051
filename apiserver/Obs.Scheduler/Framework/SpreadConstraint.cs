using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Scheduler.Framework;

/// <summary>A topologySpreadConstraint: matching pods in the pod's namespace may differ by at most <see cref="MaxSkew"/> between domains.</summary>
public sealed record SpreadConstraint(int MaxSkew, string TopologyKey, bool Hard, LabelSelector Selector, int MinDomains)
{
    public static SpreadConstraint FromJson(JsonNode? node) => new(
        (int)(node.LongAt("maxSkew") ?? 1),
        node.StringAt("topologyKey") ?? "",
        (node.StringAt("whenUnsatisfiable") ?? "DoNotSchedule") == "DoNotSchedule",
        node.At("labelSelector") is { } s ? LabelSelector.FromJson(s) : LabelSelector.Nothing,
        (int)(node.LongAt("minDomains") ?? 1));
}
