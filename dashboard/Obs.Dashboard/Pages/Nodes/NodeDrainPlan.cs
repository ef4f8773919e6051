using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>
/// Which pods a drain evicts and which it leaves, decided as <c>kubectl drain --ignore-daemonsets
/// --delete-emptydir-data</c> without <c>--force</c> decides: DaemonSet pods would come straight
/// back and mirror (static) pods belong to the node, so both stay; a pod no controller manages
/// would be gone for good, so it stays and the user is told to delete it on purpose.
/// </summary>
public sealed record NodeDrainPlan(IReadOnlyList<JsonObject> Evict, IReadOnlyList<JsonObject> DaemonSetPods, IReadOnlyList<JsonObject> MirrorPods, IReadOnlyList<JsonObject> Unmanaged)
{
    public const string MirrorAnnotation = "kubernetes.io/config.mirror";

    public static NodeDrainPlan For(string node, IEnumerable<JsonObject> pods)
    {
        List<JsonObject> evict = [], daemonSet = [], mirror = [], unmanaged = [];
        foreach (var pod in pods.Where(p => p.StringAt("spec", "nodeName") == node && p.StringAt("metadata", "deletionTimestamp") is null))
        {
            var controller = (pod.At("metadata", "ownerReferences") as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r.BoolAt("controller") == true);
            if (pod.StringAt("metadata", "annotations", MirrorAnnotation) is not null) mirror.Add(pod);
            else if (controller?.StringAt("kind") == "DaemonSet") daemonSet.Add(pod);
            else if (controller is null && !IsFinished(pod)) unmanaged.Add(pod);
            else evict.Add(pod);
        }
        return new NodeDrainPlan(evict, daemonSet, mirror, unmanaged);
    }

    /// <summary>A finished pod loses nothing by going, managed or not.</summary>
    private static bool IsFinished(JsonObject pod) => pod.StringAt("status", "phase") is "Succeeded" or "Failed";

    /// <summary>Whether any evicted pod keeps data in an emptyDir volume, which goes with it.</summary>
    public bool LosesEmptyDirData => Evict.Any(p => (p.At("spec", "volumes") as JsonArray)?.OfType<JsonObject>().Any(v => v["emptyDir"] is not null) == true);
}
