using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Nodes;

/// <summary>The taint a node's Ready condition calls for, how the node controllers swap their taints, and whether a pod tolerates a taint.</summary>
internal static class NodeTaints
{
    /// <summary>The taint a node's Ready condition calls for: unreachable (Unknown), not-ready (False), or none.</summary>
    public static string? For(string? readyStatus) => readyStatus switch
    {
        "Unknown" => WellKnownTaints.Unreachable,
        "False" => WellKnownTaints.NotReady,
        _ => null,
    };

    /// <summary>Every taint <see cref="For"/> may call for: the keys a node controller's Ready pass owns.</summary>
    public static readonly HashSet<string> ReadyTaints = [WellKnownTaints.Unreachable, WellKnownTaints.NotReady];

    public static IEnumerable<JsonObject> NoExecuteTaints(JsonObject node) =>
        (node.At("spec", "taints") as JsonArray ?? []).OfType<JsonObject>().Where(t => t.StringAt("effect") == WellKnownTaints.NoExecute);

    /// <summary>
    /// Makes the node's taints of <paramref name="effect"/> among the <paramref name="managed"/> keys exactly the
    /// <paramref name="wanted"/> ones (Kubernetes' SwapNodeControllerTaint): the others go, the missing ones are added
    /// with <c>timeAdded</c>, and every other taint stays as it is and where it is. True when the taints changed.
    /// </summary>
    public static bool Swap(JsonObject node, string effect, IReadOnlySet<string> managed, IReadOnlyCollection<string> wanted, DateTimeOffset now)
    {
        var spec = node.Ensure("spec");
        var taints = spec["taints"] as JsonArray ?? [];
        var changed = false;
        foreach (var taint in taints.OfType<JsonObject>().ToList())
        {
            var key = taint.StringAt("key") ?? "";
            if (taint.StringAt("effect") != effect || !managed.Contains(key) || wanted.Contains(key)) continue;
            taints.Remove(taint);
            changed = true;
        }
        foreach (var key in wanted)
        {
            if (taints.OfType<JsonObject>().Any(t => t.StringAt("key") == key && t.StringAt("effect") == effect)) continue;
            taints.Add(new JsonObject { ["key"] = key, ["effect"] = effect, ["timeAdded"] = Timestamps.Format(now) });
            changed = true;
        }
        if (!changed) return false;
        if (taints.Count == 0) spec.Remove("taints");
        else spec["taints"] = taints;
        return true;
    }

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
