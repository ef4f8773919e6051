using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>Namespaces, ConfigMaps, Secrets, ServiceAccounts and Leases.</summary>
internal static class ConfigTables
{
    public static readonly TableColumn[] NamespaceColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "The status of the namespace"),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Namespace(JsonObject obj, DateTimeOffset now) =>
        [ObjectCells.Name(obj), Cell.Text(Fields.Text(obj, "status", "phase")), ObjectCells.Age(obj, now)];

    public static readonly TableColumn[] ConfigMapColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Data", "Number of entries in data and binaryData."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] ConfigMap(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Integer(Fields.Count(obj, "data") + Fields.Count(obj, "binaryData")),
        ObjectCells.Age(obj, now),
    ];

    public static readonly TableColumn[] SecretColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Type", "The type of the secret"),
        CommonColumns.Text("Data", "The number of entries in data."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Secret(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Text(Fields.Text(obj, "type")),
        Cell.Integer(Fields.Count(obj, "data")),
        ObjectCells.Age(obj, now),
    ];

    public static readonly TableColumn[] ServiceAccountColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Secrets", "The number of secrets listed for this service account."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] ServiceAccount(JsonObject obj, DateTimeOffset now) =>
        [ObjectCells.Name(obj), Cell.Integer(Fields.Count(obj, "secrets")), ObjectCells.Age(obj, now)];

    public static readonly TableColumn[] LeaseColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Holder", "The identity of the holder of the current lease."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Lease(JsonObject obj, DateTimeOffset now) =>
        [ObjectCells.Name(obj), Cell.Text(Fields.Text(obj, "spec", "holderIdentity")), ObjectCells.Age(obj, now)];
}
