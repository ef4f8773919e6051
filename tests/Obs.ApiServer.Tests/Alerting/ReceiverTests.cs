using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>The on-call receiver over HTTP on a real apiserver and PostgreSQL: validation, dedupe, resolution, history, acknowledgement, events, forwarding.</summary>
public sealed class ReceiverTests(AlertingCluster cluster) : IClassFixture<AlertingCluster>
{
    private const string StoredNotifications = "select count(*) from obs_alert_notifications";
    private const string StoredAlerts = "select count(*) from obs_alerts";

    [Theory]
    [InlineData("{\"version\":\"4\",", "error decoding JSON")]
    [InlineData("""{"version":"3","groupKey":"g","status":"firing","receiver":"r","alerts":[]}""", "version: Unsupported value: \"3\": supported values: \"4\"")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","receiver":"r","alerts":[{"status":"firing","labels":{"alertname":"A"},"startsAt":"2026-11-22T06:00:00Z"}]}""",
        "alerts[0].fingerprint: Required value")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","receiver":"r","alerts":[{"status":"firing","startsAt":"2026-11-22T06:00:00Z","fingerprint":"f"}]}""",
        "alerts[0].labels: Required value")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","receiver":"r","alerts":[{"status":"firing","labels":{"alertname":"A"},"fingerprint":"f"}]}""",
        "alerts[0].startsAt: Required value")]
    [InlineData("""{"version":"4","groupKey":"g","status":"firing","receiver":"r","alerts":[{"status":"firing","labels":{"alertname":"A"},"startsAt":"yesterday","fingerprint":"f"}]}""",
        "alerts[0].startsAt: Invalid value: \"yesterday\": must be an RFC 3339 time")]
    public async Task MalformedPayloadsAre400WithTheFieldAndStoreNothing(string body, string message)
    {
        var notificationsBefore = await cluster.CountAsync(StoredNotifications);
        var alertsBefore = await cluster.CountAsync(StoredAlerts);
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, body);
        Assert.Equal(400, code);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
        Assert.Equal("BadRequest", status["reason"]!.GetValue<string>());
        Assert.Contains(message, status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(notificationsBefore, await cluster.CountAsync(StoredNotifications));
        Assert.Equal(alertsBefore, await cluster.CountAsync(StoredAlerts));
    }

    [Fact]
    public async Task OneBadAlertRefusesTheWholeNotificationAndNamesEveryBadField()
    {
        var good = Payloads.Alert("HalfBad", "f-halfbad-1");
        var bad = Payloads.Alert("HalfBad", "");
        bad.Remove("startsAt");
        var alertsBefore = await cluster.CountAsync(StoredAlerts);
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(good, bad));
        Assert.Equal(400, code);
        var fields = status!["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["alerts[1].startsAt", "alerts[1].fingerprint"], fields);
        Assert.Equal(alertsBefore, await cluster.CountAsync(StoredAlerts));
    }

    [Fact]
    public async Task TheWebhookNeedsAToken()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("NoToken", "f-notoken")), token: "wrong");
        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", status!["reason"]!.GetValue<string>());
        Assert.Equal(0, await cluster.CountAsync("select count(*) from obs_alerts where alertname = 'NoToken'"));
    }

    [Fact]
    public async Task ADuplicateDeliveryIsStoredOnce()
    {
        var payload = Payloads.Notification(Payloads.Alert("Duplicate", "f-dup-1"));
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, payload)).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, payload)).Code);

        var alerts = await cluster.WaitForAlertsAsync("Duplicate", a => a.Count > 0);
        var alert = Assert.Single(alerts);
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
        Assert.Equal(2, alert["deliveries"]!.GetValue<int>());
        Assert.Equal("2026-11-22T06:00:00.123456Z", alert["startsAt"]!.GetValue<string>());
        Assert.Null(alert["endsAt"]);
        Assert.Equal(1, await cluster.CountAsync("select count(*) from obs_alert_notifications where group_key like '%Duplicate%'"));
        Assert.Equal(2, await cluster.CountAsync("select deliveries from obs_alert_notifications where group_key like '%Duplicate%'"));
    }

    [Fact]
    public async Task ConcurrentDuplicateDeliveriesAreStoredOnce()
    {
        var payload = Payloads.Notification(Payloads.Alert("Racing", "f-race-1"), Payloads.Alert("Racing", "f-race-2", pod: "web-2"));
        var codes = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, payload)));
        Assert.All(codes, c => Assert.Equal(200, c.Code));
        var alerts = await cluster.WaitForAlertsAsync("Racing", a => a.Count > 0);
        Assert.Equal([6, 6], alerts.Select(a => a["deliveries"]!.GetValue<int>()).ToList());
        Assert.Equal(1, await cluster.CountAsync("select count(*) from obs_alert_notifications where group_key like '%Racing%'"));
    }

    [Fact]
    public async Task AResolutionUpdatesTheRowAndALateFiringDoesNotReopenIt()
    {
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Resolving", "f-res-1")))).Code);
        var resolved = Payloads.Alert("Resolving", "f-res-1", status: "resolved", endsAt: "2026-11-22T06:05:00Z");
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification("resolved", resolved))).Code);
        var late = Payloads.Alert("Resolving", "f-res-1");
        late["annotations"]!["summary"] = "late";
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(late))).Code);

        var alert = Assert.Single(await cluster.WaitForAlertsAsync("Resolving", a => a.Count > 0));
        Assert.Equal("resolved", alert["status"]!.GetValue<string>());
        Assert.Equal("2026-11-22T06:05:00Z", alert["endsAt"]!.GetValue<string>());
        Assert.Equal("Pod default/web-1 is crash looping", alert["annotations"]!["summary"]!.GetValue<string>());
        Assert.Equal(3, alert["deliveries"]!.GetValue<int>());
        Assert.NotNull(alert["resolvedAt"]);
        Assert.Equal("alertmanager", alert["resolvedBy"]!.GetValue<string>());

        var (_, detail) = await cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{alert["id"]}");
        Assert.Equal(["firing", "resolved", "firing"], detail!["notifications"]!.AsArray().Select(n => n!["status"]!.GetValue<string>()).ToList());

        var (_, resolvedList) = await cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts?state=resolved");
        Assert.Contains(resolvedList!["items"]!.AsArray(), a => a!["id"]!.GetValue<long>() == alert["id"]!.GetValue<long>());
        var (_, firingList) = await cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts?state=firing");
        Assert.DoesNotContain(firingList!["items"]!.AsArray(), a => a!["id"]!.GetValue<long>() == alert["id"]!.GetValue<long>());
    }

    [Fact]
    public async Task AFreshFiringOfTheSameLabelsIsANewAlert()
    {
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Again", "f-again", startsAt: "2026-11-22T05:00:00Z")))).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Again", "f-again", startsAt: "2026-11-22T06:00:00Z")))).Code);
        var alerts = await cluster.WaitForAlertsAsync("Again", a => a.Count > 0);
        Assert.Equal(["2026-11-22T06:00:00Z", "2026-11-22T05:00:00Z"], alerts.Select(a => a["startsAt"]!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task AcknowledgingRecordsWhoAndWhenAndTheFirstAcknowledgementStands()
    {
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Acked", "f-ack-1")))).Code);
        var id = Assert.Single(await cluster.WaitForAlertsAsync("Acked", a => a.Count > 0))["id"]!.GetValue<long>();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (code, acked) = await cluster.SendAsync(HttpMethod.Post, $"/alerting/v1/alerts/{id}/ack", "{}");
        Assert.Equal(200, code);
        Assert.Equal("admin", acked!["acknowledgedBy"]!.GetValue<string>());
        Assert.Equal("acknowledged", acked["status"]!.GetValue<string>());
        var at = DateTimeOffset.Parse(acked["acknowledgedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before, DateTimeOffset.UtcNow.AddSeconds(1));

        var (_, again) = await cluster.SendAsync(HttpMethod.Post, $"/alerting/v1/alerts/{id}/ack", "{}");
        Assert.Equal(acked["acknowledgedAt"]!.GetValue<string>(), again!["acknowledgedAt"]!.GetValue<string>());

        var (_, ackList) = await cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts?state=acknowledged");
        Assert.Contains(ackList!["items"]!.AsArray(), a => a!["id"]!.GetValue<long>() == id);
        var (_, firingList) = await cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts?state=firing");
        Assert.DoesNotContain(firingList!["items"]!.AsArray(), a => a!["id"]!.GetValue<long>() == id);

        var (missing, status) = await cluster.SendAsync(HttpMethod.Post, "/alerting/v1/alerts/999999/ack", "{}");
        Assert.Equal(404, missing);
        Assert.Equal("alert \"999999\" not found", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownStateIsRefused()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, "/alerting/v1/alerts?state=open");
        Assert.Equal(400, code);
        Assert.Equal("unknown state \"open\": use firing, acknowledged, resolved", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task HistorySurvivesARestart()
    {
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Survivor", "f-surv-1")))).Code);
        var id = Assert.Single(await cluster.WaitForAlertsAsync("Survivor", a => a.Count > 0))["id"]!.GetValue<long>();
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, $"/alerting/v1/alerts/{id}/ack", "{}")).Code);
        var (_, before) = await cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{id}");

        await cluster.RestartAsync();

        var (code, after) = await cluster.SendAsync(HttpMethod.Get, $"/alerting/v1/alerts/{id}");
        Assert.Equal(200, code);
        Assert.Equal(before!.ToJsonString(), after!.ToJsonString());
        Assert.Equal("admin", after["acknowledgedBy"]!.GetValue<string>());
        // And the same alert delivered again after the restart is still the same row.
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Survivor", "f-surv-1")))).Code);
        Assert.Equal(2, Assert.Single(await cluster.WaitForAlertsAsync("Survivor", a => a.Count > 0))["deliveries"]!.GetValue<int>());
    }

    [Fact]
    public async Task FiringAndResolutionAreEventsOnThePodTheAlertNames()
    {
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook,
            Payloads.Notification(Payloads.Alert("EventedCrash", "f-ev-1", pod: "evented-pod", severity: "critical")))).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook,
            Payloads.Notification(Payloads.Alert("EventedCrash", "f-ev-1", pod: "evented-pod", severity: "critical")))).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook,
            Payloads.Notification("resolved", Payloads.Alert("EventedCrash", "f-ev-1", status: "resolved", endsAt: "2026-11-22T06:10:00Z", pod: "evented-pod", severity: "critical")))).Code);
        var id = Assert.Single(await cluster.WaitForAlertsAsync("EventedCrash", a => a.Count > 0))["id"]!.GetValue<long>();

        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Devented-pod");
        var events = list!["items"]!.AsArray().OfType<JsonObject>().OrderBy(e => e["reason"]!.GetValue<string>()).ToList();
        Assert.Equal(["AlertFiring", "AlertResolved"], events.Select(e => e["reason"]!.GetValue<string>()).ToList());
        Assert.Equal(["Warning", "Normal"], events.Select(e => e["type"]!.GetValue<string>()).ToList());
        Assert.All(events, e => Assert.Equal("Pod", e["involvedObject"]!["kind"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal("obs-alerting", e["source"]!["component"]!.GetValue<string>()));
        Assert.Equal($"EventedCrash (critical) is firing (alert {id}): Pod default/evented-pod is crash looping", events[0]["message"]!.GetValue<string>());
        Assert.Equal($"EventedCrash resolved (alert {id}): Pod default/evented-pod is crash looping", events[1]["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ANodeAlertIsAnEventOnTheNodeWithItsUid()
    {
        var node = await cluster.SendAsync(HttpMethod.Post, "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"alerted-node"}}""");
        Assert.Equal(201, node.Code);
        var alert = Payloads.Alert("ObsNodeAgentDown", "f-node-1", severity: "critical");
        alert["labels"] = new JsonObject { ["alertname"] = "ObsNodeAgentDown", ["node"] = "alerted-node", ["severity"] = "critical" };
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(alert))).Code);

        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dalerted-node");
        var e = Assert.Single(list!["items"]!.AsArray());
        Assert.Equal("Node", e!["involvedObject"]!["kind"]!.GetValue<string>());
        Assert.Equal(node.Body!["metadata"]!["uid"]!.GetValue<string>(), e["involvedObject"]!["uid"]!.GetValue<string>());
        Assert.Equal("AlertFiring", e["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task FiringAndResolutionAreForwardedToTheOnCallWebhookOnceEach()
    {
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Forwarded", "f-fwd-1")))).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("Forwarded", "f-fwd-1")))).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook,
            Payloads.Notification("resolved", Payloads.Alert("Forwarded", "f-fwd-1", status: "resolved", endsAt: "2026-11-22T06:10:00Z")))).Code);

        bool IsForwarded(JsonObject m) => m["alert"]!["alertname"]!.GetValue<string>() == "Forwarded";
        await cluster.Forward.WaitForAsync(m => IsForwarded(m) && m["status"]!.GetValue<string>() == "resolved");
        Assert.Equal(["firing", "resolved"], cluster.Forward.Received.Where(IsForwarded).Select(m => m["status"]!.GetValue<string>()).ToList());
    }

    [Fact]
    public async Task FiringAndResolutionAreMailedToTheOnCallOnceEach()
    {
        var alert = Payloads.Alert("Mailed", "f-mail-1", pod: "mailed-1");
        ((JsonObject)alert["annotations"]!)["description"] = "Pod default/mailed-1 restarts.\n.\nA line that is only a dot, above.";
        var firing = Payloads.Notification(alert);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, firing)).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, firing)).Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook,
            Payloads.Notification("resolved", Payloads.Alert("Mailed", "f-mail-1", pod: "mailed-1", status: "resolved", endsAt: "2026-11-22T06:10:00Z")))).Code);

        await cluster.Mail.WaitForAsync(m => m.Header("Subject").StartsWith("[RESOLVED] Mailed", StringComparison.Ordinal));
        var mails = cluster.Mail.Received.Where(m => m.Header("Subject").Contains("] Mailed", StringComparison.Ordinal)).ToList();
        Assert.Equal(["[FIRING] Mailed: Pod default/mailed-1 (warning)", "[RESOLVED] Mailed: Pod default/mailed-1 (warning)"], mails.Select(m => m.Header("Subject")));
        var id = (await cluster.WaitForAlertsAsync("Mailed", a => a.Count == 1))[0]["id"]!.GetValue<long>();
        var mail = mails[0];
        Assert.Equal(["oncall@example.com"], mail.To);
        Assert.Contains($"Dashboard: http://127.0.0.1:8080/alerts/{id}\r\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("Runbook: docs/runbooks/KubePodCrashLooping.md\r\n", mail.Body, StringComparison.Ordinal);
        Assert.Contains("  pod = mailed-1\r\n", mail.Body, StringComparison.Ordinal);
        // The description's lone "." line went over the wire doubled and arrived as written.
        Assert.Contains("restarts.\r\n..\r\nA line", mail.WireData, StringComparison.Ordinal);
        Assert.Contains("Description: Pod default/mailed-1 restarts.\r\n.\r\nA line that is only a dot, above.\r\n", mail.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlertIsStoredAndAnsweredWhileTheMailRelayFailsAndTheMailFollowsWhenItRecovers()
    {
        cluster.Mail.Fail(3, "", "421 4.3.2 service not available");
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(Payloads.Alert("RelayDown", "f-relay-down", pod: "relay-1")));
        Assert.Equal(200, code);
        Assert.Equal(1, await cluster.CountAsync("select count(*) from obs_alerts where alertname = 'RelayDown'"));
        await cluster.Mail.WaitForAsync(m => m.Header("Subject").StartsWith("[FIRING] RelayDown", StringComparison.Ordinal));
    }
}
