using System.Globalization;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>Roles and ClusterRoles (name and creation time), RoleBindings and ClusterRoleBindings (role and subjects).</summary>
internal static class RbacTables
{
    public static readonly TableColumn[] RoleColumns =
    [
        CommonColumns.Name,
        // Roles have no printer of their own: these are the apiserver's default Table columns.
        new("Created At", "date", "", "CreationTimestamp is when the server created the object."),
    ];

    public static JsonNode?[] Role(JsonObject obj, DateTimeOffset now)
    {
        var created = Timestamp.TryParse(Fields.Text(obj, "metadata", "creationTimestamp"), out var time)
            ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            // Go prints its zero time when the timestamp is missing.
            : "0001-01-01T00:00:00Z";
        return [ObjectCells.Name(obj), Cell.Text(created)];
    }

    public static readonly TableColumn[] BindingColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Role", "The role this binding grants, as kind/name."),
        CommonColumns.Age,
        CommonColumns.Text("Users", "Users in the binding", 1),
        CommonColumns.Text("Groups", "Groups in the binding", 1),
        CommonColumns.Text("ServiceAccounts", "ServiceAccounts in the binding", 1),
    ];

    public static JsonNode?[] Binding(JsonObject obj, DateTimeOffset now)
    {
        var subjects = Fields.Items(obj, "subjects");
        string Join(string kind, Func<JsonObject, string> format) =>
            string.Join(", ", subjects.Where(s => Fields.Text(s, "kind") == kind).Select(format));
        return
        [
            ObjectCells.Name(obj),
            Cell.Text($"{Fields.Text(obj, "roleRef", "kind")}/{Fields.Text(obj, "roleRef", "name")}"),
            ObjectCells.Age(obj, now),
            Cell.Text(Join("User", s => Fields.Text(s, "name"))),
            Cell.Text(Join("Group", s => Fields.Text(s, "name"))),
            Cell.Text(Join("ServiceAccount", s => $"{Fields.Text(s, "namespace")}:{Fields.Text(s, "name")}")),
        ];
    }
}
