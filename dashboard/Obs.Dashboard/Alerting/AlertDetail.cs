namespace Obs.Dashboard.Alerting;

/// <summary>An alert with every notification that named it.</summary>
public sealed record AlertDetail(Alert Alert, IReadOnlyList<AlertNotification> Notifications);
