namespace Obs.Alerts.Tests.Rules;

/// <summary>One expected firing alert; promtool compares its labels and annotations in full.</summary>
internal sealed class ExpectedAlert
{
    public Dictionary<string, string> ExpLabels { get; init; } = [];
}
