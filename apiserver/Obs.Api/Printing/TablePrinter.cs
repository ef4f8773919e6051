using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>A printer made of its column list and the function computing one object's row.</summary>
internal sealed class TablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells) : ITablePrinter
{
    public IReadOnlyList<TableColumn> Columns { get; } = columns;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var row = cells(obj, now);
        if (row.Length != Columns.Count)
        {
            throw new InvalidOperationException($"A row has {row.Length} cells for {Columns.Count} columns.");
        }
        return row;
    }
}
