namespace Obs.Alerts.Tests.Rules;

/// <summary>One entry of a test file's <c>tests</c>: input series and the alerts expected from them.</summary>
internal sealed class RuleTestCase
{
    public string Name { get; init; } = "";

    public List<AlertExpectation> AlertRuleTest { get; init; } = [];

    public List<PromqlExpectation> PromqlExprTest { get; init; } = [];
}
