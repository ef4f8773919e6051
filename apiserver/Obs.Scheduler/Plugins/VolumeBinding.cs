using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Persistent volumes: a pod whose claim is bound to a volume with node affinity (a local
/// volume, a directory on one node) fits only the nodes that affinity selects. A claim that is not
/// bound yet is treated as WaitForFirstConsumer: any node will do, and the scheduler names the
/// chosen node on the claim (<see cref="SelectedNodeAnnotation"/>) for the provisioner.
/// </summary>
public sealed class VolumeBinding(Func<string, string, JsonObject?> claims, Func<string, JsonObject?> volumes) : IFilterPlugin
{
    public const string SelectedNodeAnnotation = "volume.kubernetes.io/selected-node";
    public const string ConflictReason = "node(s) had volume node affinity conflict";

    public string Name => "VolumeBinding";

    private sealed record State(string? Missing, IReadOnlyList<JsonArray> NodeTerms);

    /// <summary>The claims the pod's volumes name.</summary>
    public static IEnumerable<string> ClaimNames(PodInfo pod)
    {
        if (pod.Pod.At("spec", "volumes") is not JsonArray list) yield break;
        foreach (var volume in list)
            if (volume.StringAt("persistentVolumeClaim", "claimName") is { Length: > 0 } claim) yield return claim;
    }

    public object? PreFilter(PodInfo pod, Snapshot snapshot)
    {
        List<JsonArray>? terms = null;
        foreach (var name in ClaimNames(pod))
        {
            if (claims(pod.Namespace, name) is not { } claim) return new State($"persistentvolumeclaim \"{name}\" not found", []);
            if (claim.StringAt("spec", "volumeName") is not { Length: > 0 } volumeName) continue;
            if (volumes(volumeName)?.At("spec", "nodeAffinity", "required", "nodeSelectorTerms") is JsonArray required) (terms ??= []).Add(required);
        }
        return terms is null ? null : new State(null, terms);
    }

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        if (state is not State s) return FilterResult.Success;
        if (s.Missing is not null) return FilterResult.Unresolvable(s.Missing);
        foreach (var terms in s.NodeTerms)
            if (!NodeSelectorTerms.MatchesAny(terms, node)) return FilterResult.Unresolvable(ConflictReason);
        return FilterResult.Success;
    }
}
