using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>
/// One column of a <c>meta.k8s.io/v1</c> Table (a <c>TableColumnDefinition</c>). <see cref="Priority"/> 0
/// columns always show; priority 1 columns only with <c>kubectl get -o wide</c>.
/// </summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority = 0)
{
    /// <summary>The column as it goes into a Table's <c>columnDefinitions</c>.</summary>
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Cell.Integer(Priority),
    };
}
