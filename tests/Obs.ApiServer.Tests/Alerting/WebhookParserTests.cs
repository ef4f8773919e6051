using System.Text.Json.Nodes;
using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

public sealed class WebhookParserTests
{
    [Fact]
    public void AnAlertmanagerPayloadIsReadWithGoTimesAndTheZeroEndAsNone()
    {
        var payload = JsonNode.Parse(Payloads.Notification(
            Payloads.Alert("KubePodCrashLooping", "abc123"),
            Payloads.Alert("KubePodCrashLooping", "def456", status: "resolved", endsAt: "2026-11-22T07:00:00+01:00")));
        var n = WebhookParser.Parse(payload, out var errors);
        Assert.Empty(errors);
        Assert.Equal("{}:{alertname=\"KubePodCrashLooping\"}", n!.GroupKey);
        Assert.Equal(2, n.Alerts.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero).AddTicks(1234560), n.Alerts[0].StartsAt);
        Assert.Null(n.Alerts[0].EndsAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), n.Alerts[1].EndsAt);
        Assert.Equal("resolved", n.Alerts[1].Status);
        Assert.Equal("web-1", n.Alerts[0].Labels["pod"]);
    }

    [Fact]
    public void UnknownFieldsAlertmanagerMayAddAreIgnored()
    {
        var payload = JsonNode.Parse(Payloads.Notification(Payloads.Alert("A", "f")))!.AsObject();
        payload["notification_reason"] = "repeat";
        Assert.NotNull(WebhookParser.Parse(payload, out _));
    }

    [Fact]
    public void EveryProblemIsReportedWithItsPath()
    {
        var payload = JsonNode.Parse("""
            {"version":"4","status":"burning","alerts":[
              {"status":"firing","labels":{"alertname":7},"startsAt":"2026-11-22T06:00:00Z","fingerprint":"f"},
              42]}
            """);
        Assert.Null(WebhookParser.Parse(payload, out var errors));
        Assert.Equal(
            [
                "groupKey: Required value",
                "status: Unsupported value: \"burning\": supported values: \"firing\", \"resolved\"",
                "alerts[0].labels.alertname: Invalid value: \"number\": must be a string",
                "alerts[1]: Invalid value: \"number\": must be an object",
            ],
            errors.Select(e => e.Message).ToList());
    }

    [Fact]
    public void ANonObjectBodyIsRefused()
    {
        Assert.Null(WebhookParser.Parse(JsonNode.Parse("[]"), out var errors));
        Assert.Equal("<root>: Invalid value: \"array\": must be a JSON object", Assert.Single(errors).Message);
    }
}
