namespace Obs.ApiServer.Alerting;

/// <summary>The states an alert is listed by. Only firing and resolved are stored; acknowledged is a firing alert someone took.</summary>
public static class AlertStates
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
    public const string Acknowledged = "acknowledged";

    public static readonly IReadOnlyList<string> All = [Firing, Acknowledged, Resolved];
}
