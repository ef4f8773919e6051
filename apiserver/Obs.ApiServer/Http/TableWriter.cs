using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Obs.Api.Resources;
using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Http;

/// <summary>Builds <c>meta.k8s.io/v1 Table</c> objects, for <c>kubectl get</c> and its watches.</summary>
public static class TableWriter
{
    /// <summary>A Table as a node tree, of objects read from the database (a GET while the cache still loads).</summary>
    public static JsonObject Build(ResourceType type, TableRequest request, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken, DateTimeOffset now)
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
            ["columnDefinitions"] = new JsonArray(layout.Columns.Select(c => (JsonNode)c.DeepClone()).ToArray()),
            ["rows"] = rows,
        };
        return table;
    }

    /// <summary>
    /// The same Table for a LIST, written straight to the response: each row's cells read from the cached
    /// object's bytes, its metadata or object copied from them, no tree of the whole.
    /// </summary>
    public static async Task WriteAsync(HttpContext context, ResourceType type, TableRequest request, IReadOnlyList<CachedObject> objects, long revision, string? continueToken, DateTimeOffset now)
    {
        var layout = TableLayout.For(type);
        context.Response.StatusCode = 200;
        context.Response.ContentType = MediaTypes.Json;
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, ResponseWriter.WriterOptions);
        WriteStart(writer, layout, revision, continueToken, withColumns: true);
        long sent = 0;
        foreach (var obj in objects)
        {
            WriteRow(writer, layout, request, obj, now);
            if (ResponseWriter.SendDue(writer, sent)) sent = await ResponseWriter.SendAsync(writer, context.Response.BodyWriter);
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    /// <summary>
    /// A watch event of a Table watch (<c>kubectl get -w</c>): the object as a Table of one row, written as a
    /// LIST writes its rows; the column definitions only in the first event.
    /// </summary>
    public static byte[] WatchEvent(ResourceType type, TableRequest request, string eventType, CachedObject obj, DateTimeOffset now, bool withColumns)
    {
        var layout = TableLayout.For(type);
        var output = new ArrayBufferWriter<byte>(obj.Length / 2 + 256);
        using (var writer = new Utf8JsonWriter(output, ResponseWriter.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type", eventType);
            writer.WritePropertyName("object");
            WriteStart(writer, layout, obj.Revision, continueToken: null, withColumns);
            WriteRow(writer, layout, request, obj, now);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>The Table up to its rows array, left open for the rows.</summary>
    private static void WriteStart(Utf8JsonWriter writer, TableLayout layout, long revision, string? continueToken, bool withColumns)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", "Table");
        writer.WriteString("apiVersion", "meta.k8s.io/v1");
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (continueToken is not null) writer.WriteString("continue", continueToken);
        writer.WriteEndObject();
        if (withColumns)
        {
            writer.WriteStartArray("columnDefinitions");
            foreach (var column in layout.Columns) column.WriteTo(writer);
            writer.WriteEndArray();
        }
        writer.WriteStartArray("rows");
    }

    private static void WriteRow(Utf8JsonWriter writer, TableLayout layout, TableRequest request, CachedObject obj, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("cells");
        // Read from the cached bytes: the Pod, Event, Node, Deployment and ReplicaSet printers in place, others from a document parsed for the row.
        foreach (var cell in layout.Printer.Cells(obj.JsonWithoutFieldSets, now))
        {
            if (cell is null) writer.WriteNullValue();
            else cell.WriteTo(writer);
        }
        writer.WriteEndArray();
        switch (request.IncludeObject)
        {
            case "Object":
                writer.WritePropertyName("object");
                obj.WriteTo(writer);
                break;
            case "Metadata":
                writer.WriteStartObject("object");
                writer.WriteString("kind", "PartialObjectMetadata");
                writer.WriteString("apiVersion", "meta.k8s.io/v1");
                // The cached bytes of the metadata, copied as they are: re-writing them token by token
                // was a good part of each row's cost in a Table LIST.
                var metadata = JsonPathReader.RawValue(obj.JsonWithoutFieldSets.Span, "metadata");
                if (!metadata.IsEmpty)
                {
                    writer.WritePropertyName("metadata");
                    obj.WritePartTo(writer, metadata);
                }
                writer.WriteEndObject();
                break;
        }
        writer.WriteEndObject();
    }

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
