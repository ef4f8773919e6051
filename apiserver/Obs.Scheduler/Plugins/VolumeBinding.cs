using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Plugins;

/// <summary>
/// Persistent volumes (kube-scheduler's VolumeBinding, simplified): a pod whose claim is bound to a
/// volume with node affinity (a local volume, a directory on one node) fits only the nodes that
/// affinity selects. A claim of a WaitForFirstConsumer class that is not bound yet fits any node, and
/// the scheduler names the chosen node on the claim (<see cref="SelectedNodeAnnotation"/>) for the
/// provisioner. A missing claim, or an unbound claim of an Immediate class (the volume controller
/// binds it first, wherever its volume is), keeps the pod off every node.
/// </summary>
public sealed class VolumeBinding(Func<string, string, JsonObject?> claims, Func<string, JsonObject?> volumes, Func<string, JsonObject?>? classes = null) : IFilterPlugin
{
    public const string SelectedNodeAnnotation = StorageAnnotations.SelectedNode;
    public const string ConflictReason = "node(s) had volume node affinity conflict";
    public const string UnboundImmediateReason = "pod has unbound immediate PersistentVolumeClaims";

    public string Name => "VolumeBinding";

    private sealed record State(string? Rejection, IReadOnlyList<JsonArray> NodeTerms);

    public object? PreFilter(PodInfo pod, Snapshot snapshot)
    {
        List<JsonArray>? terms = null;
        foreach (var name in pod.ClaimNames)
        {
            if (claims(pod.Namespace, name) is not { } claim) return new State($"persistentvolumeclaim \"{name}\" not found", []);
            if (claim.StringAt("spec", "volumeName") is not { Length: > 0 } volumeName)
            {
                if (!WaitsForConsumer(claim)) return new State(UnboundImmediateReason, []);
                continue;
            }
            if (volumes(volumeName)?.At("spec", "nodeAffinity", "required", "nodeSelectorTerms") is JsonArray required) (terms ??= []).Add(required);
        }
        return terms is null ? null : new State(null, terms);
    }

    /// <summary>
    /// Whether an unbound claim's class delays binding to its first pod. Without class lookups every
    /// claim is taken to (the scheduler's behaviour before it read StorageClasses).
    /// </summary>
    private bool WaitsForConsumer(JsonObject claim)
    {
        if (classes is null) return true;
        var className = ObjectMeta.Annotations(claim).FirstOrDefault(a => a.Key == StorageAnnotations.BetaStorageClass).Value ?? claim.StringAt("spec", "storageClassName") ?? "";
        return className.Length > 0 && classes(className)?.StringAt("volumeBindingMode") == "WaitForFirstConsumer";
    }

    public bool PassesEveryNode(object? state, PodInfo pod) => state is null;

    public FilterResult Filter(object? state, PodInfo pod, NodeInfo node)
    {
        if (state is not State s) return FilterResult.Success;
        if (s.Rejection is not null) return FilterResult.Rejected(s.Rejection);
        foreach (var terms in s.NodeTerms)
            if (!NodeSelectorTerms.MatchesAny(terms, node)) return FilterResult.Unresolvable(ConflictReason);
        return FilterResult.Success;
    }
}
