using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>Validating and mutating webhook configurations: NAME WEBHOOKS AGE, as <c>kubectl get</c> shows them.</summary>
internal static class WebhookTables
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Name,
        CommonColumns.Integer("Webhooks", "Webhooks indicates the number of webhooks in the configuration."),
        CommonColumns.Age,
    ];

    public static JsonNode?[] Configuration(JsonObject obj, DateTimeOffset now) =>
    [
        ObjectCells.Name(obj),
        Cell.Integer(Fields.Count(obj, "webhooks")),
        ObjectCells.Age(obj, now),
    ];
}
