using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Selectors;

namespace Obs.Controllers.Autoscaling;

/// <summary>
/// The selector of each HPA's target as its last sync read it (the autoscaler's hpaSelectors), so
/// a sync can tell when the pods it would scale on are also another HPA's: two autoscalers fighting
/// over one set of pods would undo each other's rescales, so neither scales (AmbiguousSelector).
/// </summary>
internal sealed class TargetSelectors
{
    private readonly ConcurrentDictionary<string, (string Namespace, LabelSelector Selector)> _selectors = new(StringComparer.Ordinal);

    public void Put(string hpaKey, string @namespace, LabelSelector selector) => _selectors[hpaKey] = (@namespace, selector);

    public void Remove(string hpaKey) => _selectors.TryRemove(hpaKey, out _);

    /// <summary>The keys of the HPAs, in order, whose target selects any of <paramref name="pods"/> (all in <paramref name="namespace"/>).</summary>
    public List<string> Selecting(string @namespace, IReadOnlyList<JsonObject> pods) => _selectors
        .Where(s => s.Value.Namespace == @namespace && pods.Any(p => s.Value.Selector.MatchesObject(p)))
        .Select(s => s.Key)
        .Order(StringComparer.Ordinal)
        .ToList();
}
