using System.Text.Json.Nodes;
using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>A real Alertmanager with the generated configuration delivers to the receiver, and the receiver's silences reach it.</summary>
public sealed class AlertmanagerDeliveryTests(AlertingCluster cluster) : IClassFixture<AlertingCluster>
{
    private static JsonObject AmAlert(string alertName, DateTimeOffset startsAt, DateTimeOffset? endsAt = null)
    {
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = alertName, ["namespace"] = "default", ["pod"] = "e2e-pod", ["severity"] = "critical" },
            ["annotations"] = new JsonObject { ["summary"] = "Pod default/e2e-pod is crash looping" },
            ["startsAt"] = Rfc3339.Format(startsAt),
            ["generatorURL"] = "http://127.0.0.1:9090/graph",
        };
        if (endsAt is { } end) alert["endsAt"] = Rfc3339.Format(end);
        return alert;
    }

    [Fact]
    public async Task AnAlertPostedToAlertmanagerReachesTheReceiverOnceAndItsResolutionFollows()
    {
        var startsAt = DateTimeOffset.UtcNow.AddSeconds(-5);
        await cluster.PostToAlertmanagerAsync(AmAlert("EndToEndCrash", startsAt));

        var firing = Assert.Single(await cluster.WaitForAlertsAsync("EndToEndCrash", a => a.Count > 0));
        Assert.Equal("firing", firing["status"]!.GetValue<string>());
        Assert.Equal(Rfc3339.Format(startsAt), firing["startsAt"]!.GetValue<string>());

        // The fingerprint is Alertmanager's own.
        var amAlerts = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync($"{cluster.Alertmanager.Url}/api/v2/alerts?filter=alertname%3D%22EndToEndCrash%22"))!.AsArray();
        Assert.Equal(amAlerts.Single()!["fingerprint"]!.GetValue<string>(), firing["fingerprint"]!.GetValue<string>());

        // The notification came to the critical route's receiver.
        var (_, detail) = await cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{firing["id"]}");
        Assert.Equal("oncall-page", detail!["notifications"]!.AsArray()[0]!["receiver"]!.GetValue<string>());

        var endsAt = DateTimeOffset.UtcNow;
        await cluster.PostToAlertmanagerAsync(AmAlert("EndToEndCrash", startsAt, endsAt));
        var resolved = Assert.Single(await cluster.WaitForAlertsAsync("EndToEndCrash", a => a.Count > 0 && a[0]["status"]!.GetValue<string>() == "resolved"));
        Assert.Equal(firing["id"]!.GetValue<long>(), resolved["id"]!.GetValue<long>());
        Assert.Equal(Rfc3339.Format(endsAt), resolved["endsAt"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASilenceCreatedThroughTheReceiverIsInAlertmanagerWithTheCallerAsCreator()
    {
        var (code, silence) = await cluster.SendAsync(HttpMethod.Post, "/alerting/v1/silences",
            """{"matchers":"alertname=KubePodCrashLooping,namespace=~\"team-.*\"","duration":"2h","comment":"deploying a fix"}""");
        Assert.True(code == 201, silence?.ToJsonString());
        var id = silence!["id"]!.GetValue<string>();

        var am = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync($"{cluster.Alertmanager.Url}/api/v2/silence/{id}"))!;
        Assert.Equal("admin", am["createdBy"]!.GetValue<string>());
        Assert.Equal("deploying a fix", am["comment"]!.GetValue<string>());
        Assert.Equal("active", am["status"]!["state"]!.GetValue<string>());
        Assert.Equal(
            """[{"isEqual":true,"isRegex":false,"name":"alertname","value":"KubePodCrashLooping"},{"isEqual":true,"isRegex":true,"name":"namespace","value":"team-.*"}]""",
            new JsonArray(am["matchers"]!.AsArray().Select(m => (JsonNode)new JsonObject
            {
                ["isEqual"] = m!["isEqual"]!.GetValue<bool>(),
                ["isRegex"] = m["isRegex"]!.GetValue<bool>(),
                ["name"] = m["name"]!.GetValue<string>(),
                ["value"] = m["value"]!.GetValue<string>(),
            }).ToArray()).ToJsonString());
        var lasting = DateTimeOffset.Parse(am["endsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
                      - DateTimeOffset.Parse(am["startsAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(lasting, TimeSpan.FromHours(2) - TimeSpan.FromSeconds(5), TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));

        var listed = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync($"{cluster.Alertmanager.Url}/api/v2/silences"))!.AsArray();
        Assert.Single(listed, s => s!["id"]!.GetValue<string>() == id);

        var (_, recorded) = await cluster.SendAsync(HttpMethod.Get, "/alerting/v1/silences");
        var mine = Assert.Single(recorded!["items"]!.AsArray(), s => s!["id"]!.GetValue<string>() == id);
        Assert.Equal("admin", mine!["createdBy"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("KubeletDown", "critical", "InhibitedPodAlert", "warning")]
    [InlineData("InhibitedTwice", "critical", "InhibitedTwice", "warning")]
    public async Task TheGeneratedInhibitionsSuppressInARealAlertmanager(string sourceName, string sourceSeverity, string targetName, string targetSeverity)
    {
        var now = DateTimeOffset.UtcNow;
        var source = AmAlert(sourceName, now);
        source["labels"] = sourceName == "KubeletDown"
            ? new JsonObject { ["alertname"] = sourceName, ["node"] = "inhibiting-node", ["severity"] = sourceSeverity }
            : new JsonObject { ["alertname"] = sourceName, ["namespace"] = "default", ["pod"] = "p-1", ["node"] = "n-1", ["severity"] = sourceSeverity };
        var target = AmAlert(targetName, now);
        target["labels"] = new JsonObject { ["alertname"] = targetName, ["namespace"] = "default", ["pod"] = "p-1", ["severity"] = targetSeverity,
            ["node"] = sourceName == "KubeletDown" ? "inhibiting-node" : "n-1" };
        var elsewhere = AmAlert(targetName, now);
        elsewhere["labels"] = new JsonObject { ["alertname"] = targetName, ["namespace"] = "default", ["pod"] = "p-2", ["severity"] = targetSeverity, ["node"] = "other-node" };
        await cluster.PostToAlertmanagerAsync(source);
        await cluster.PostToAlertmanagerAsync(target);
        await cluster.PostToAlertmanagerAsync(elsewhere);

        var alerts = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync(
            $"{cluster.Alertmanager.Url}/api/v2/alerts?filter=alertname%3D%22{targetName}%22&filter=severity%3D%22{targetSeverity}%22"))!.AsArray();
        string State(string pod) => alerts.Single(a => a!["labels"]!["pod"]!.GetValue<string>() == pod)!["status"]!["state"]!.GetValue<string>();
        Assert.Equal("suppressed", State("p-1"));
        Assert.Equal("active", State("p-2"));
    }

    [Fact]
    public async Task ASilenceWithoutMatchersIsRefusedAndNothingReachesAlertmanager()
    {
        var before = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync($"{cluster.Alertmanager.Url}/api/v2/silences"))!.AsArray().Count;
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/alerting/v1/silences", """{"duration":"-1h"}""");
        Assert.Equal(400, code);
        Assert.Equal(["matchers", "duration"], status!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList());
        var after = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync($"{cluster.Alertmanager.Url}/api/v2/silences"))!.AsArray().Count;
        Assert.Equal(before, after);
    }
}
