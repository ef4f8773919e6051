using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Printing;

/// <summary><c>kubectl get componentstatuses</c>: each component's Healthy condition as STATUS, MESSAGE and ERROR.</summary>
internal static class ComponentStatusTable
{
    public static readonly TableColumn[] Columns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "Healthy or Unhealthy, from the component's Healthy condition; Unknown without one."),
        CommonColumns.Text("Message", "What the health check answered."),
        CommonColumns.Text("Error", "Why the health check failed."),
    ];

    public static JsonNode?[] Row(JsonObject obj, DateTimeOffset now)
    {
        var healthy = (obj["conditions"] as JsonArray ?? []).FirstOrDefault(c => c.StringAt("type") == "Healthy");
        var status = healthy.StringAt("status") switch
        {
            "True" => "Healthy",
            "False" => "Unhealthy",
            _ => "Unknown",
        };
        return [ObjectCells.Name(obj), Cell.Text(status), Cell.Text(healthy.StringAt("message") ?? ""), Cell.Text(healthy.StringAt("error") ?? "")];
    }
}
