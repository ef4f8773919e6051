namespace Obs.Alerts.Tests.Rules;

/// <summary>An alerting rule (Alert set) or a recording rule (Record set).</summary>
internal sealed class Rule
{
    public string? Alert { get; init; }

    public string? Record { get; init; }

    public string Expr { get; init; } = "";

    public string? For { get; init; }

    public Dictionary<string, string> Labels { get; init; } = [];

    public Dictionary<string, string> Annotations { get; init; } = [];
}
