namespace Obs.Alerts.Tests.Rules;

/// <summary>One group of a rule file.</summary>
internal sealed class RuleGroup
{
    public string Name { get; init; } = "";

    public List<Rule> Rules { get; init; } = [];
}
