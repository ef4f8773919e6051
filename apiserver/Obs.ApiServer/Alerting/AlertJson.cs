using System.Text.Json.Nodes;

namespace Obs.ApiServer.Alerting;

/// <summary>The receiver's JSON forms (group <c>alerting.obs.dev/v1</c>), shared by the API, the forwarder, the CLI and the dashboard.</summary>
public static class AlertJson
{
    public const string ApiVersion = "alerting.obs.dev/v1";

    public static JsonObject Alert(StoredAlert a) => new()
    {
        ["id"] = a.Id,
        ["fingerprint"] = a.Fingerprint,
        ["status"] = a.Status,
        ["alertname"] = a.AlertName,
        ["labels"] = Map(a.Labels),
        ["annotations"] = Map(a.Annotations),
        ["startsAt"] = Rfc3339.Format(a.StartsAt),
        ["endsAt"] = a.EndsAt is { } e ? Rfc3339.Format(e) : null,
        ["generatorURL"] = a.GeneratorUrl,
        ["firstReceivedAt"] = Rfc3339.Format(a.FirstReceivedAt),
        ["lastReceivedAt"] = Rfc3339.Format(a.LastReceivedAt),
        ["resolvedAt"] = a.ResolvedAt is { } r ? Rfc3339.Format(r) : null,
        ["resolvedBy"] = a.ResolvedBy,
        ["deliveries"] = a.Deliveries,
        ["acknowledgedBy"] = a.AcknowledgedBy,
        ["acknowledgedAt"] = a.AcknowledgedAt is { } k ? Rfc3339.Format(k) : null,
    };

    public static JsonObject List(IEnumerable<StoredAlert> alerts) => new()
    {
        ["kind"] = "AlertList",
        ["apiVersion"] = ApiVersion,
        ["items"] = new JsonArray(alerts.Select(a => (JsonNode)Alert(a)).ToArray()),
    };

    public static JsonObject History(AlertHistoryEntry h) => new()
    {
        ["notification"] = h.NotificationId,
        ["status"] = h.Status,
        ["groupKey"] = h.GroupKey,
        ["receiver"] = h.Receiver,
        ["firstReceivedAt"] = Rfc3339.Format(h.FirstReceivedAt),
        ["lastReceivedAt"] = Rfc3339.Format(h.LastReceivedAt),
        ["deliveries"] = h.Deliveries,
    };

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }
}
