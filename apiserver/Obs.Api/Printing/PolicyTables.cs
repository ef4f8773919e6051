using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// PriorityClasses and NetworkPolicies, with the columns <c>kubectl get</c> shows for them, and LimitRanges,
/// which Kubernetes prints with its default columns (NAME and CREATED AT).
/// </summary>
internal static class PolicyTables
{
    public static readonly TableColumn[] PriorityClassColumns =
    [
        CommonColumns.Name,
        CommonColumns.Integer("Value", "value represents the integer value of this priority class."),
        new("Global-Default", "boolean", "", "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class."),
        CommonColumns.Age,
        CommonColumns.Text("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority."),
    ];

    public static JsonNode?[] PriorityClass(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Integer(Fields.Integer(obj, "value")),
        JsonValue.Create(Fields.Bool(obj, "globalDefault")),
        ObjectCells.Age(obj, now),
        Cell.Text(Fields.Text(obj, "preemptionPolicy")),
    ];

    public static readonly TableColumn[] NetworkPolicyColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Pod-Selector", "Select which pods this network policy applies to."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] NetworkPolicy(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Text(Selectors.FormatSelectorOrNone(obj["spec"]?["podSelector"])),
        ObjectCells.Age(obj, now),
    ];

    public static readonly TableColumn[] CreatedAtColumns =
    [
        CommonColumns.Name,
        new("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created."),
    ];

    public static JsonNode?[] CreatedAt(JsonObject obj, DateTimeOffset now) =>
        [ObjectCells.Name(obj), Cell.Text(Fields.Text(obj, "metadata", "creationTimestamp"))];
}
