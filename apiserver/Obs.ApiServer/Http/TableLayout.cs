using System.Text.Json.Nodes;
using Obs.Api.Printing;
using Obs.Api.Resources;

namespace Obs.ApiServer.Http;

/// <summary>The columns of a resource's Table and how one object fills them, from the resource's printer.</summary>
public sealed record TableLayout(IReadOnlyList<JsonObject> Columns, ITablePrinter Printer)
{
    private static readonly Dictionary<ResourceType, TableLayout> Layouts =
        ResourceTypes.All.Append(ControlPlane.ComponentStatuses.Type).ToDictionary(t => t, t => Create(TablePrinters.For(t)));

    /// <summary>The layout of a compiled-in resource, or of a custom one from its definition's printer columns.</summary>
    public static TableLayout For(ResourceType type) => type.Custom is { } custom ? Create(custom.Printer) : Layouts[type];

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) => Printer.Cells(obj, now);

    private static TableLayout Create(ITablePrinter printer) => new(printer.Columns.Select(c => c.ToJson()).ToList(), printer);
}
