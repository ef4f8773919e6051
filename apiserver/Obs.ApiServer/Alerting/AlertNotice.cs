namespace Obs.ApiServer.Alerting;

/// <summary>What is forwarded to the human on call: an alert that has just started firing or just resolved.</summary>
public sealed record AlertNotice(string Status, StoredAlert Alert)
{
    /// <summary>Null for a repeat: the human heard about it already.</summary>
    public static AlertNotice? From(AlertChange change) => change.Kind switch
    {
        AlertChangeKind.Fired => new AlertNotice(AlertStates.Firing, change.Alert),
        AlertChangeKind.Resolved => new AlertNotice(AlertStates.Resolved, change.Alert),
        _ => null,
    };
}
