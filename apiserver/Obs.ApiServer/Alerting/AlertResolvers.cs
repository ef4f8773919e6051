namespace Obs.ApiServer.Alerting;

/// <summary>Who ended a resolved alert (stored as <c>resolved_by</c>, listed as <c>resolvedBy</c>).</summary>
public static class AlertResolvers
{
    /// <summary>A resolved notification from Alertmanager: the condition was seen to end.</summary>
    public const string Alertmanager = "alertmanager";

    /// <summary>
    /// The receiver itself (<see cref="UnsentResolutions"/>): Alertmanager stopped holding the alert and never sent its
    /// resolution, because an inhibition or a silence muted it.
    /// </summary>
    public const string Receiver = "receiver";
}
