using System.Text.Json.Nodes;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Http;

/// <summary>Builds <c>meta.k8s.io/v1 Table</c> objects, for <c>kubectl get</c> and its watches.</summary>
public static class TableWriter
{
    public static JsonObject Build(ResourceType type, TableRequest request, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken, DateTimeOffset now, bool withColumns = true)
    {
        var layout = TableLayout.For(type);
        var rows = new JsonArray();
        foreach (var obj in objects) rows.Add(Row(layout, request, obj, now));
        var metadata = new JsonObject();
        if (resourceVersion is not null) metadata["resourceVersion"] = resourceVersion;
        if (continueToken is not null) metadata["continue"] = continueToken;
        var table = new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
        };
        if (withColumns) table["columnDefinitions"] = new JsonArray(layout.Columns.Select(c => (JsonNode)c.DeepClone()).ToArray());
        table["rows"] = rows;
        return table;
    }

    public static JsonObject Build(ResourceType type, TableRequest request, IEnumerable<CachedObject> objects, long revision, string? continueToken, DateTimeOffset now) =>
        Build(type, request, objects.Select(o => o.ToMutable()), revision.ToString(System.Globalization.CultureInfo.InvariantCulture), continueToken, now);

    private static JsonObject Row(TableLayout layout, TableRequest request, JsonObject obj, DateTimeOffset now)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(layout.Cells(obj, now).Select(c => c?.Parent is null ? c : c.DeepClone()).ToArray()) };
        switch (request.IncludeObject)
        {
            case "Object":
                row["object"] = obj;
                break;
            case "Metadata":
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
                break;
        }
        return row;
    }
}
