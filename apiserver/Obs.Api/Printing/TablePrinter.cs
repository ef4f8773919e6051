using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Serialization;

namespace Obs.Api.Printing;

/// <summary>
/// A printer made of its column list and the function computing one object's row, over a node tree or
/// over a parsed document; either form of an object is printed by whichever the printer has. A printer may
/// also read an object's bytes in place; without that, the bytes are parsed for it.
/// </summary>
internal sealed class TablePrinter : ITablePrinter
{
    private readonly Func<JsonObject, DateTimeOffset, JsonNode?[]> _nodeCells;
    private readonly Func<JsonElement, DateTimeOffset, JsonNode?[]> _elementCells;
    private readonly Func<ReadOnlyMemory<byte>, DateTimeOffset, JsonNode?[]> _utf8Cells;

    public TablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonObject, DateTimeOffset, JsonNode?[]> cells)
    {
        Columns = columns;
        _nodeCells = cells;
        // A node view over the document builds nodes only for the properties the printer reads.
        _elementCells = (element, now) => cells(JsonObject.Create(element)!, now);
        _utf8Cells = ParsedFirst(_elementCells);
    }

    public TablePrinter(IReadOnlyList<TableColumn> columns, Func<JsonElement, DateTimeOffset, JsonNode?[]> cells)
    {
        Columns = columns;
        _elementCells = cells;
        _nodeCells = (node, now) => cells(JsonSerializer.SerializeToElement(node, BuiltInJson.Default.JsonNode), now);
        _utf8Cells = ParsedFirst(cells);
    }

    /// <summary>
    /// A printer that reads an object's bytes in place: a parsed document (a request's object rather than a cached
    /// one) is printed from the document's bytes, so the row has one reading.
    /// </summary>
    public TablePrinter(IReadOnlyList<TableColumn> columns, Func<ReadOnlyMemory<byte>, DateTimeOffset, JsonNode?[]> utf8Cells)
        : this(columns, (element, now) => utf8Cells(JsonMarshal.GetRawUtf8Value(element).ToArray(), now))
    {
        _utf8Cells = utf8Cells;
    }

    public IReadOnlyList<TableColumn> Columns { get; }

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) => Checked(_nodeCells(obj, now));

    public IReadOnlyList<JsonNode?> Cells(JsonElement obj, DateTimeOffset now) => Checked(_elementCells(obj, now));

    public IReadOnlyList<JsonNode?> Cells(ReadOnlyMemory<byte> utf8Json, DateTimeOffset now) => Checked(_utf8Cells(utf8Json, now));

    // Left to the GC, not disposed: a cell may be a node over the document (its buffers are pooled).
    private static Func<ReadOnlyMemory<byte>, DateTimeOffset, JsonNode?[]> ParsedFirst(Func<JsonElement, DateTimeOffset, JsonNode?[]> cells) =>
        (json, now) => cells(JsonDocument.Parse(json).RootElement, now);

    private JsonNode?[] Checked(JsonNode?[] row) =>
        row.Length == Columns.Count ? row : throw new InvalidOperationException($"A row has {row.Length} cells for {Columns.Count} columns.");
}
