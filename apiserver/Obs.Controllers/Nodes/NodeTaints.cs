using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Nodes;

/// <summary>The NoExecute taints the node lifecycle controller puts on nodes, and whether a pod tolerates a taint.</summary>
internal static class NodeTaints
{
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string NoExecute = "NoExecute";
    public const string NoSchedule = "NoSchedule";

    /// <summary>The taint a node's Ready condition calls for: unreachable (Unknown), not-ready (False), or none.</summary>
    public static string? For(string? readyStatus) => readyStatus switch
    {
        "Unknown" => Unreachable,
        "False" => NotReady,
        _ => null,
    };

    public static IEnumerable<JsonObject> NoExecuteTaints(JsonObject node) =>
        (node.At("spec", "taints") as JsonArray ?? []).OfType<JsonObject>().Where(t => t.StringAt("effect") == NoExecute);

    /// <summary>
    /// How long <paramref name="pod"/> may stay on a node with <paramref name="taint"/>: null for
    /// ever, zero when it does not tolerate it at all (Kubernetes' taint manager rules).
    /// </summary>
    public static TimeSpan? Tolerated(JsonObject pod, JsonObject taint)
    {
        TimeSpan? longest = TimeSpan.Zero;
        foreach (var toleration in (pod.At("spec", "tolerations") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (!Matches(toleration, taint)) continue;
            if (toleration.LongAt("tolerationSeconds") is not { } seconds) return null;
            var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (span > longest) longest = span;
        }
        return longest;
    }

    private static bool Matches(JsonObject toleration, JsonObject taint)
    {
        var effect = toleration.StringAt("effect");
        if (!string.IsNullOrEmpty(effect) && effect != taint.StringAt("effect")) return false;
        var key = toleration.StringAt("key");
        if (toleration.StringAt("operator") == "Exists") return string.IsNullOrEmpty(key) || key == taint.StringAt("key");
        return key == taint.StringAt("key") && (toleration.StringAt("value") ?? "") == (taint.StringAt("value") ?? "");
    }
}
