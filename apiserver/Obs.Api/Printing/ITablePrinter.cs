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
}
