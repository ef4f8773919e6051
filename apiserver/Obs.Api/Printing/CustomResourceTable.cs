using System.Text.Json;
using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>One <c>additionalPrinterColumns</c> entry of a CustomResourceDefinition version.</summary>
public sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority, ColumnJsonPath Path, bool IsCreationTimestamp);

/// <summary>
/// The Table of a custom resource: NAME, the version's printer columns (each a JSONPath into the object,
/// a <c>date</c> shown as an age), and AGE unless a column already shows the creation time.
/// </summary>
public static class CustomResourceTable
{
    public static ITablePrinter For(IReadOnlyList<PrinterColumn> columns)
    {
        var withAge = !columns.Any(c => c.IsCreationTimestamp);
        var definitions = new List<TableColumn> { CommonColumns.Name };
        definitions.AddRange(columns.Select(c => new TableColumn(c.Name, c.Type, c.Format, c.Description, c.Priority)));
        if (withAge) definitions.Add(CommonColumns.Age);
        return new TablePrinter(definitions, (obj, now) =>
        {
            var cells = new JsonNode?[definitions.Count];
            cells[0] = ObjectCells.Name(obj);
            for (var i = 0; i < columns.Count; i++) cells[i + 1] = Cell(columns[i], columns[i].Path.Evaluate(obj), now);
            if (withAge) cells[^1] = ObjectCells.Age(obj, now);
            return cells;
        });
    }

    private static JsonNode? Cell(PrinterColumn column, JsonNode? value, DateTimeOffset now)
    {
        if (value is null) return null;
        var kind = value.GetValueKind();
        return column.Type switch
        {
            "date" when kind == JsonValueKind.String => Printing.Cell.Text(HumanDuration.Since(value.GetValue<string>(), now)),
            "integer" or "number" or "boolean" when kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.DeepClone(),
            _ => Printing.Cell.Text(kind == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()),
        };
    }
}
