using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.Dashboard.Tests.Alerting;

/// <summary>Alertmanager webhook (version 4) notifications, posted to the apiserver's receiver as Alertmanager would.</summary>
public static class Webhooks
{
    public static JsonObject Alert(string alertName, string fingerprint, string ns = "default", string pod = "web-1", string severity = "warning",
        string status = "firing", string? description = null, string runbook = "https://runbooks.example/KubePodCrashLooping") => new()
    {
        ["status"] = status,
        ["labels"] = new JsonObject { ["alertname"] = alertName, ["namespace"] = ns, ["pod"] = pod, ["severity"] = severity },
        ["annotations"] = new JsonObject
        {
            ["summary"] = $"Pod {ns}/{pod} is crash looping",
            ["description"] = description ?? $"Pod {ns}/{pod} restarted 5 times in 10 minutes.",
            ["runbook_url"] = runbook,
        },
        ["startsAt"] = "2026-11-22T06:00:00Z",
        ["endsAt"] = status == "resolved" ? "2026-11-22T06:30:00Z" : "0001-01-01T00:00:00Z",
        ["generatorURL"] = "http://127.0.0.1:9090/graph?g0.expr=up",
        ["fingerprint"] = fingerprint,
    };

    public static async Task PostAsync(TestCluster cluster, string status, params JsonObject[] alerts)
    {
        var name = alerts[0]["labels"]!["alertname"]!.GetValue<string>();
        var body = new JsonObject
        {
            ["receiver"] = "oncall",
            ["status"] = status,
            ["alerts"] = new JsonArray(alerts.Select(a => (JsonNode)a).ToArray()),
            ["groupLabels"] = new JsonObject { ["alertname"] = name },
            ["commonLabels"] = new JsonObject { ["alertname"] = name },
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://127.0.0.1:9093",
            ["version"] = "4",
            ["groupKey"] = "{}:{alertname=\"" + name + "\"}",
            ["truncatedAlerts"] = 0,
        }.ToJsonString();
        var (code, answer) = await cluster.SendAsync(HttpMethod.Post, "/alerting/v1/webhook", body);
        Assert.True(code == 200, $"the receiver answered {code}: {answer?.ToJsonString()}");
    }
}
