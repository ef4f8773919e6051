using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Scheduler.Framework;

/// <summary>
/// A pod (anti-)affinity term: pods matched by <see cref="Selector"/> in <see cref="Namespaces"/>
/// (null: every namespace), grouped by the node label <see cref="TopologyKey"/>.
/// </summary>
public sealed record AffinityTerm(LabelSelector Selector, IReadOnlySet<string>? Namespaces, string TopologyKey, int Weight)
{
    /// <summary>
    /// Reads a PodAffinityTerm. Without namespaces and namespaceSelector it means the pod's own
    /// namespace; an empty namespaceSelector means all. A namespaceSelector with requirements would
    /// need namespace labels, which the scheduler does not watch: it is read as the pod's namespace.
    /// </summary>
    public static AffinityTerm FromJson(JsonNode? term, string podNamespace, int weight)
    {
        IReadOnlySet<string>? namespaces;
        var listed = term.At("namespaces") is JsonArray names ? names.Select(n => n?.GetValue<string>() ?? "").Where(n => n.Length > 0).ToHashSet() : [];
        var namespaceSelector = term.At("namespaceSelector") as JsonObject;
        if (namespaceSelector is not null && namespaceSelector.Count == 0) namespaces = null;
        else namespaces = listed.Count > 0 ? listed : new HashSet<string> { podNamespace };
        var selector = term.At("labelSelector") is { } s ? LabelSelector.FromJson(s) : LabelSelector.Nothing;
        return new AffinityTerm(selector, namespaces, term.StringAt("topologyKey") ?? "", weight);
    }

    public bool Matches(PodInfo pod) =>
        (Namespaces is null || Namespaces.Contains(pod.Namespace)) && Selector.Matches(pod.Labels);
}
