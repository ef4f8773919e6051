using System.Text.Json.Nodes;

namespace Obs.Dashboard.Components.Lists;

/// <summary>One page of a filtered, sorted list: its rows, how many matched in all, and the selector's error when it did not parse.</summary>
public sealed record ListResult(IReadOnlyList<JsonObject> Items, int Total, int Page, int PageSize, string? SelectorError)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);

    /// <summary>The 1-based position of the first row shown.</summary>
    public int First => Total == 0 ? 0 : (Page - 1) * PageSize + 1;

    public int Last => (Page - 1) * PageSize + Items.Count;
}
