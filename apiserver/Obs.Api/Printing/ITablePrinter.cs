using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>The columns <c>kubectl get</c> shows for one resource, and the row of cells for one of its objects.</summary>
public interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>
    /// One cell per column, in column order, including the priority-1 ones (kubectl hides those
    /// without <c>-o wide</c>). Cells are JSON strings or integers; ages are measured up to <paramref name="now"/>.
    /// </summary>
    IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);

    /// <summary>The same row, read from a parsed document (the apiserver's cached objects).</summary>
    IReadOnlyList<JsonNode?> Cells(JsonElement obj, DateTimeOffset now);

    /// <summary>
    /// The same row, read from the object's UTF-8 JSON (the apiserver's cached objects, kept as bytes only):
    /// the hot printers read their fields in place, the others parse the bytes first.
    /// </summary>
    IReadOnlyList<JsonNode?> Cells(ReadOnlyMemory<byte> utf8Json, DateTimeOffset now);
}
