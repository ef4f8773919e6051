namespace Obs.Dashboard.Alerting;

/// <summary>The states the receiver lists alerts by: acknowledged is a firing alert someone took.</summary>
public static class AlertStatus
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Firing, Acknowledged, Resolved];
}
