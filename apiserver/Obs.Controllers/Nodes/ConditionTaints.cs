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
    /// <summary>The conditions whose True is a bad state (Ready's taints are <see cref="NodeTaints.For"/>'s).</summary>
    private static readonly Dictionary<string, string> WhenTrue = new()
    {
        ["MemoryPressure"] = WellKnownTaints.MemoryPressure,
        ["DiskPressure"] = WellKnownTaints.DiskPressure,
        ["PIDPressure"] = WellKnownTaints.PidPressure,
        ["NetworkUnavailable"] = WellKnownTaints.NetworkUnavailable,
    };

    /// <summary>The keys this pass owns with the NoSchedule effect; a user's taint of another key or effect is never touched.</summary>
    private static readonly HashSet<string> Managed = [.. NodeTaints.ReadyTaints, .. WhenTrue.Values, WellKnownTaints.Unschedulable];

    /// <summary>The NoSchedule taint keys the node's conditions and <c>spec.unschedulable</c> call for, in condition order.</summary>
    public static List<string> Wanted(JsonObject node)
    {
        var wanted = new List<string>();
        foreach (var condition in (node.At("status", "conditions") as JsonArray ?? []).OfType<JsonObject>())
        {
            var type = condition.StringAt("type") ?? "";
            var key = type == "Ready" ? NodeTaints.For(condition.StringAt("status"))
                : condition.StringAt("status") == "True" ? WhenTrue.GetValueOrDefault(type) : null;
            if (key is not null && !wanted.Contains(key)) wanted.Add(key);
        }
        if (node.BoolAt("spec", "unschedulable") == true) wanted.Add(WellKnownTaints.Unschedulable);
        return wanted;
    }

    /// <summary>Brings the node's condition taints to what <see cref="Wanted"/> says; true when they changed.</summary>
    public static bool Reconcile(JsonObject node, DateTimeOffset now) => NodeTaints.Swap(node, WellKnownTaints.NoSchedule, Managed, Wanted(node), now);
}
