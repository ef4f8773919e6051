using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Dashboard.Pages.Nodes;

/// <summary>What a node's object says about it, read the way kubectl shows it (Ready, roles, cordoned).</summary>
public static class NodeStatus
{
    public const string RoleLabelPrefix = "node-role.kubernetes.io/";

    /// <summary>"True", "False" or "Unknown" from the Ready condition; "Unknown" when the agent never reported one.</summary>
    public static string Ready(JsonObject node) => Condition(node, "Ready")?.StringAt("status") ?? "Unknown";

    public static bool IsReady(JsonObject node) => Ready(node) == "True";

    public static bool IsCordoned(JsonObject node) => node.BoolAt("spec", "unschedulable") == true;

    public static JsonObject? Condition(JsonObject node, string type) =>
        node.At("status", "conditions") is JsonArray conditions
            ? conditions.OfType<JsonObject>().FirstOrDefault(c => c.StringAt("type") == type)
            : null;

    public static IEnumerable<JsonObject> Conditions(JsonObject node) =>
        node.At("status", "conditions") is JsonArray conditions ? conditions.OfType<JsonObject>() : [];

    public static IEnumerable<JsonObject> Taints(JsonObject node) =>
        node.At("spec", "taints") is JsonArray taints ? taints.OfType<JsonObject>() : [];

    /// <summary>Roles from the node-role.kubernetes.io/ labels, as kubectl's ROLES column; "&lt;none&gt;" when there is none.</summary>
    public static string Roles(JsonObject node)
    {
        var roles = ObjectMeta.Labels(node).Where(l => l.Key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal))
            .Select(l => l.Key[RoleLabelPrefix.Length..]).Where(r => r.Length > 0).Order(StringComparer.Ordinal).ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    /// <summary>The column kubectl shows: Ready/NotReady/Unknown, with SchedulingDisabled when cordoned.</summary>
    public static string Summary(JsonObject node)
    {
        var ready = Ready(node) switch { "True" => "Ready", "False" => "NotReady", _ => "Unknown" };
        return IsCordoned(node) ? ready + ",SchedulingDisabled" : ready;
    }

    public static string TaintText(JsonObject taint) =>
        $"{taint.StringAt("key")}{(taint.StringAt("value") is { Length: > 0 } v ? "=" + v : "")}:{taint.StringAt("effect")}";
}
