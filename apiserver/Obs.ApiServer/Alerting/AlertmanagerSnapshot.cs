namespace Obs.ApiServer.Alerting;

/// <summary>
/// What one Alertmanager process holds: when it started and the alerts it has not seen resolve (active, silenced or
/// inhibited alike), each as fingerprint and start, read through its API v2 (<c>/api/v2/status</c>, <c>/api/v2/alerts</c>).
/// </summary>
public sealed record AlertmanagerSnapshot(DateTimeOffset StartedAt, IReadOnlySet<(string Fingerprint, DateTimeOffset StartsAt)> Alerts)
{
    /// <summary>Whether it holds this alert: the same fingerprint firing since the same start, to the millisecond.</summary>
    public bool Holds(string fingerprint, DateTimeOffset startsAt) => Alerts.Contains((fingerprint, ToMillisecond(startsAt)));

    /// <summary>Stored times keep microseconds and Alertmanager's nanoseconds: compared to the millisecond, they agree.</summary>
    public static DateTimeOffset ToMillisecond(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
