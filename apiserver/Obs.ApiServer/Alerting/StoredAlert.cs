namespace Obs.ApiServer.Alerting;

/// <summary>
/// One alert as the receiver keeps it: one row per fingerprint and start, updated by every later notification.
/// <see cref="ResolvedBy"/> is one of <see cref="AlertResolvers"/> once resolved.
/// </summary>
public sealed record StoredAlert(
    long Id,
    string Fingerprint,
    string State,
    string AlertName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string GeneratorUrl,
    DateTimeOffset FirstReceivedAt,
    DateTimeOffset LastReceivedAt,
    DateTimeOffset? ResolvedAt,
    int Deliveries,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? ResolvedBy)
{
    /// <summary>What the on-call sees: resolved, acknowledged (still firing, someone is on it) or firing.</summary>
    public string Status => State == AlertStates.Resolved ? AlertStates.Resolved : AcknowledgedAt is not null ? AlertStates.Acknowledged : AlertStates.Firing;
}
