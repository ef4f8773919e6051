using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Obs.Api.Printing;

namespace Obs.Api.Tests.Printing;

/// <summary>
/// The row a printer reads from an object's bytes in place against the row a reference reading of a parsed
/// document gives for the same object: every cell must be the same.
/// </summary>
internal static class RowComparison
{
    /// <summary>Fails unless both rows are the same; returns the printer's cells.</summary>
    public static IReadOnlyList<JsonNode?> SameRow(ITablePrinter printer, Func<JsonElement, DateTimeOffset, JsonNode?[]> reference, string json)
    {
        var cells = printer.Cells(Encoding.UTF8.GetBytes(json), PrintingAssert.Now);
        var expected = ReferenceRow(reference, json);
        var inPlace = Text(cells);
        if (expected != inPlace) Assert.Fail($"Rows differ for {json}\nReference: {expected}\nIn place:  {inPlace}");
        return cells;
    }

    public static string ReferenceRow(Func<JsonElement, DateTimeOffset, JsonNode?[]> reference, string json)
    {
        using var document = JsonDocument.Parse(json);
        return Text(reference(document.RootElement, PrintingAssert.Now));
    }

    public static string InPlaceRow(ITablePrinter printer, string json) => Text(printer.Cells(Encoding.UTF8.GetBytes(json), PrintingAssert.Now));

    private static string Text(IReadOnlyList<JsonNode?> cells) => new JsonArray(cells.Select(c => c?.DeepClone()).ToArray()).ToJsonString();
}
