namespace Obs.ApiServer.Alerting;

/// <summary>One notification from Alertmanager's webhook receiver (payload version "4"), validated.</summary>
public sealed record WebhookNotification(
    string Version,
    string GroupKey,
    int TruncatedAlerts,
    string Status,
    string Receiver,
    IReadOnlyDictionary<string, string> GroupLabels,
    IReadOnlyDictionary<string, string> CommonLabels,
    IReadOnlyDictionary<string, string> CommonAnnotations,
    string ExternalUrl,
    IReadOnlyList<WebhookAlert> Alerts);
