using System.Text.Json.Nodes;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>Webhook payloads as Alertmanager 0.25 writes them.</summary>
public static class Payloads
{
    public const string Webhook = "/alerting/v1/webhook";

    public static JsonObject Alert(string alertName, string fingerprint, string status = "firing", string startsAt = "2026-11-22T06:00:00.123456789Z",
        string endsAt = "0001-01-01T00:00:00Z", string ns = "default", string pod = "web-1", string severity = "warning") => new()
    {
        ["status"] = status,
        ["labels"] = new JsonObject { ["alertname"] = alertName, ["namespace"] = ns, ["pod"] = pod, ["severity"] = severity },
        ["annotations"] = new JsonObject { ["summary"] = $"Pod {ns}/{pod} is crash looping", ["runbook_url"] = "docs/runbooks/KubePodCrashLooping.md" },
        ["startsAt"] = startsAt,
        ["endsAt"] = endsAt,
        ["generatorURL"] = "http://127.0.0.1:9090/graph?g0.expr=up",
        ["fingerprint"] = fingerprint,
    };

    public static string Notification(params JsonObject[] alerts) => Notification("firing", alerts);

    public static string Notification(string status, params JsonObject[] alerts) => new JsonObject
    {
        ["receiver"] = "oncall",
        ["status"] = status,
        ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)a).ToArray()),
        ["groupLabels"] = new JsonObject { ["alertname"] = alerts[0]["labels"]!["alertname"]!.GetValue<string>() },
        ["commonLabels"] = new JsonObject { ["alertname"] = alerts[0]["labels"]!["alertname"]!.GetValue<string>() },
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://127.0.0.1:9093",
        ["version"] = "4",
        ["groupKey"] = "{}:{alertname=\"" + alerts[0]["labels"]!["alertname"]!.GetValue<string>() + "\"}",
        ["truncatedAlerts"] = 0,
    }.ToJsonString();
}
