using System.Text.Json.Nodes;

namespace Obs.Dashboard.Alerting;

/// <summary>
/// One alert as the on-call receiver lists it (<c>alerting.obs.dev/v1</c>). The dashboard reads the
/// receiver's JSON rather than its types: it talks to the apiserver only over HTTP.
/// </summary>
public sealed record Alert(
    long Id,
    string Fingerprint,
    string Status,
    string AlertName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string GeneratorUrl,
    DateTimeOffset LastReceivedAt,
    DateTimeOffset? ResolvedAt,
    int Deliveries,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? ResolvedBy)
{
    public string Severity => Labels.GetValueOrDefault("severity") is { Length: > 0 } s ? s : "none";

    public string? Namespace => Labels.GetValueOrDefault("namespace") is { Length: > 0 } ns ? ns : null;

    public string Summary => Annotations.GetValueOrDefault("summary") is { Length: > 0 } s ? s : AlertName;

    public string? Description => Annotations.GetValueOrDefault("description") is { Length: > 0 } d ? d : null;

    public string? RunbookUrl => Annotations.GetValueOrDefault("runbook_url") is { Length: > 0 } r ? r : null;

    public bool IsResolved => Status == AlertStatus.Resolved;

    /// <summary>
    /// Who ended it, in words: a resolution from Alertmanager, or the receiver closing an alert Alertmanager stopped
    /// holding without sending one (muted by an inhibition or a silence). Null when not resolved or not recorded.
    /// </summary>
    public string? ResolvedByText => ResolvedBy switch
    {
        "alertmanager" => "by Alertmanager",
        "receiver" => "by the receiver: Alertmanager dropped it without a resolution (muted by an inhibition or a silence)",
        _ => null,
    };

    public static Alert FromJson(JsonObject json) => new(
        json["id"]?.GetValue<long>() ?? 0,
        Text(json, "fingerprint") ?? "",
        Text(json, "status") ?? AlertStatus.Firing,
        Text(json, "alertname") ?? "",
        Map(json["labels"]),
        Map(json["annotations"]),
        Time(json, "startsAt") ?? DateTimeOffset.MinValue,
        Time(json, "endsAt"),
        Text(json, "generatorURL") ?? "",
        Time(json, "lastReceivedAt") ?? DateTimeOffset.MinValue,
        Time(json, "resolvedAt"),
        json["deliveries"]?.GetValue<int>() ?? 0,
        Text(json, "acknowledgedBy"),
        Time(json, "acknowledgedAt"),
        Text(json, "resolvedBy"));

    internal static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static DateTimeOffset? Time(JsonObject json, string name) =>
        Text(json, name) is { } s && DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static IReadOnlyDictionary<string, string> Map(JsonNode? node)
    {
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
        {
            foreach (var (k, v) in o)
            {
                if (v is JsonValue value && value.TryGetValue<string>(out var s)) map[k] = s;
            }
        }
        return map;
    }
}
