using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>PriorityClasses, with the columns <c>kubectl get</c> shows for them.</summary>
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
}
