using System.Text.Json.Nodes;

namespace Obs.Dashboard.Alerting;

/// <summary>One Alertmanager notification that named an alert: the alert's history, oldest first.</summary>
public sealed record AlertNotification(long Id, string Status, string Receiver, string GroupKey, DateTimeOffset FirstReceivedAt, DateTimeOffset LastReceivedAt, int Deliveries)
{
    public static AlertNotification FromJson(JsonObject json) => new(
        json["notification"]?.GetValue<long>() ?? 0,
        Alert.Text(json, "status") ?? "",
        Alert.Text(json, "receiver") ?? "",
        Alert.Text(json, "groupKey") ?? "",
        Alert.Time(json, "firstReceivedAt") ?? DateTimeOffset.MinValue,
        Alert.Time(json, "lastReceivedAt") ?? DateTimeOffset.MinValue,
        json["deliveries"]?.GetValue<int>() ?? 0);
}
