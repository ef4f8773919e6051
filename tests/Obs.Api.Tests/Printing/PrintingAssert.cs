using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.Api.Tests.Printing;

/// <summary>Builds a row for an object and compares it with the expected cells as JSON text.</summary>
internal static class PrintingAssert
{
    public static readonly DateTimeOffset Now = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Checks the row printed from a node tree and the row printed from a parsed document (how the apiserver
    /// prints its cached objects) against the same expected cells.
    /// </summary>
    public static void Row(ResourceType type, string objectJson, string expectedCellsJson)
    {
        var printer = TablePrinters.For(type);
        Same(expectedCellsJson, printer.Cells((JsonObject)JsonNode.Parse(objectJson)!, Now), "node tree");
        using var document = JsonDocument.Parse(objectJson);
        Same(expectedCellsJson, printer.Cells(document.RootElement, Now), "parsed document");
    }

    private static void Same(string expectedCellsJson, IReadOnlyList<JsonNode?> cells, string form)
    {
        var actual = new JsonArray(cells.Select(c => c?.DeepClone()).ToArray());
        var expected = JsonNode.Parse(expectedCellsJson);
        if (!JsonNode.DeepEquals(expected, actual))
        {
            Assert.Fail($"Cells printed from a {form} differ.\nExpected: {expected?.ToJsonString()}\nActual:   {actual.ToJsonString()}");
        }
    }

    public static IReadOnlyList<JsonNode?> Cells(ResourceType type, string objectJson) =>
        TablePrinters.For(type).Cells((JsonObject)JsonNode.Parse(objectJson)!, Now);

    public static string Names(ResourceType type, int priority) =>
        string.Join("|", TablePrinters.For(type).Columns.Where(c => c.Priority == priority).Select(c => c.Name));
}
