namespace Obs.ApiServer.Alerting;

/// <summary>One alert of a webhook notification. <see cref="EndsAt"/> is null when Alertmanager sent its zero time.</summary>
public sealed record WebhookAlert(
    string Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string GeneratorUrl,
    string Fingerprint);
