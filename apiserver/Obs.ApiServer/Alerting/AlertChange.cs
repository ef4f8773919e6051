namespace Obs.ApiServer.Alerting;

/// <summary>What one notification did to one alert.</summary>
public sealed record AlertChange(StoredAlert Alert, AlertChangeKind Kind);

public enum AlertChangeKind
{
    /// <summary>First seen, firing.</summary>
    Fired,

    /// <summary>Seen resolved for the first time (possibly its first sighting at all).</summary>
    Resolved,

    /// <summary>Known already, nothing new: a repeat or a redelivery.</summary>
    Repeated,
}
