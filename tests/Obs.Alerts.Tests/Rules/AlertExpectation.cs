namespace Obs.Alerts.Tests.Rules;

/// <summary>An <c>alert_rule_test</c> entry: the alerts of one name expected firing at one time.</summary>
internal sealed class AlertExpectation
{
    public string EvalTime { get; init; } = "";

    public string Alertname { get; init; } = "";

    public List<ExpectedAlert> ExpAlerts { get; init; } = [];
}
