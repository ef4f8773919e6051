using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Nodes;

/// <summary>
/// TaintNodesByCondition, as Kubernetes' node lifecycle controller does it: a NoSchedule taint for each condition in
/// a bad state (Ready False or Unknown, MemoryPressure, DiskPressure, PIDPressure or NetworkUnavailable True) and for
/// <c>spec.unschedulable</c> (<c>kubectl cordon</c>). The scheduler keeps new pods off the node unless they tolerate
/// it; pods already there stay (NoSchedule evicts nothing).
/// </summary>
internal static class ConditionTaints
{
    private static readonly Dictionary<(string Type, string Status), string> ByCondition = new()
    {
        [("Ready", "False")] = WellKnownTaints.NotReady,
        [("Ready", "Unknown")] = WellKnownTaints.Unreachable,
        [("MemoryPressure", "True")] = WellKnownTaints.MemoryPressure,
        [("DiskPressure", "True")] = WellKnownTaints.DiskPressure,
        [("PIDPressure", "True")] = WellKnownTaints.PidPressure,
        [("NetworkUnavailable", "True")] = WellKnownTaints.NetworkUnavailable,
    };

    /// <summary>The keys this pass owns with the NoSchedule effect; a user's taint of another key or effect is never touched.</summary>
    private static readonly HashSet<string> Managed = [.. ByCondition.Values, WellKnownTaints.Unschedulable];

    /// <summary>The NoSchedule taint keys the node's conditions and <c>spec.unschedulable</c> call for, in condition order.</summary>
    public static List<string> Wanted(JsonObject node)
    {
        var wanted = new List<string>();
        foreach (var condition in (node.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (ByCondition.TryGetValue((condition.StringAt("type") ?? "", condition.StringAt("status") ?? ""), out var key) && !wanted.Contains(key))
                wanted.Add(key);
        }
        if (node.BoolAt("spec", "unschedulable") == true) wanted.Add(WellKnownTaints.Unschedulable);
        return wanted;
    }

    /// <summary>Brings the node's condition taints to what <see cref="Wanted"/> says; true when they changed.</summary>
    public static bool Reconcile(JsonObject node, DateTimeOffset now) => NodeTaints.Swap(node, WellKnownTaints.NoSchedule, Managed, Wanted(node), now);
}
