namespace Obs.ApiServer.Alerting;

/// <summary>One notification that named an alert, and the alert's status in it.</summary>
public sealed record AlertHistoryEntry(long NotificationId, string Status, string GroupKey, string Receiver, DateTimeOffset FirstReceivedAt, DateTimeOffset LastReceivedAt, int Deliveries);
