using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// A printer made of its column list and the function computing one object's row, over a node tree or
/// over a parsed document; either form of an object is printed by whichever the printer has.
/// </summary>
internal sealed class TablePrinter : ITablePrinter
{
    private readonly Func<JsonObject, DateTimeOffset, JsonNode?[]> _nodeCells;
    private readonly Func<JsonElement, DateTimeOffset, JsonNode?[]> _elementCells;

    public TablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells)
    {
        Columns = columns;
        _nodeCells = cells;
        // A node view over the document builds nodes only for the properties the printer reads.
        _elementCells = (element, now) => cells(JsonObject.Create(element)!, now);
    }

    public TablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonElement, DateTimeOffset, JsonNode?[]> cells)
    {
        Columns = columns;
        _elementCells = cells;
        _nodeCells = (node, now) => cells(JsonSerializer.SerializeToElement(node), now);
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) => Checked(_nodeCells(obj, now));

    public IReadOnlyList<JsonNode?> Cells(JsonElement obj, DateTimeOffset now) => Checked(_elementCells(obj, now));

    private JsonNode?[] Checked(JsonNode?[] row) =>
        row.Length == Columns.Count ? row : throw new InvalidOperationException($"A row has {row.Length} cells for {Columns.Count} columns.");
}
