using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>
/// A real Alertmanager with the generated configuration mutes the resolution of a pod alert that ends while its node is down;
/// the receiver finds out from Alertmanager's API that the alert is gone and resolves it itself, after the time it is given.
/// </summary>
public sealed class UnsentResolutionsTests(AlertingCluster cluster) : IClassFixture<AlertingCluster>
{
    /// <summary>A clock the test moves: the checks below run by hand, so only "now" matters.</summary>
    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static JsonObject Alert(JsonObject labels, DateTimeOffset startsAt, DateTimeOffset? endsAt = null)
    {
        var alert = new JsonObject
        {
            ["labels"] = labels.DeepClone(),
            ["annotations"] = new JsonObject { ["summary"] = "test alert" },
            ["startsAt"] = Rfc3339.Format(startsAt),
            ["generatorURL"] = "http://127.0.0.1:9090/graph",
        };
        if (endsAt is { } end) alert["endsAt"] = Rfc3339.Format(end);
        return alert;
    }

    private async Task<string> AlertmanagerStateAsync(string alertName)
    {
        var alerts = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync(
            $"{cluster.Alertmanager.Url}/api/v2/alerts?filter=alertname%3D%22{alertName}%22"))!.AsArray();
        return alerts.Count == 0 ? "gone" : alerts.Single()!["status"]!["state"]!.GetValue<string>();
    }

    private UnsentResolutions Checker(TimeProvider time, TimeSpan after)
    {
        var services = cluster.Host.Services;
        return new UnsentResolutions(cluster.AlertingOptions with { ResolveMissingAfter = after }, services.GetRequiredService<AlertStore>(),
            services.GetRequiredService<AlertmanagerClient>(), services.GetRequiredService<AlertForwarder>(),
            services.GetRequiredService<AlertEventRecorder>(), time, NullLogger<UnsentResolutions>.Instance);
    }

    [Fact]
    public async Task APodAlertThatEndedWhileItsNodeWasDownIsResolvedOnceAlertmanagerHasNotHeldItForTheGivenTime()
    {
        var started = DateTimeOffset.UtcNow.AddSeconds(-5);
        var podLabels = new JsonObject
        {
            ["alertname"] = "MutedResolution", ["namespace"] = "default", ["pod"] = "muted-1", ["node"] = "down-node", ["severity"] = "warning",
        };
        await cluster.PostToAlertmanagerAsync(Alert(podLabels, started));
        var firing = Assert.Single(await cluster.WaitForAlertsAsync("MutedResolution", a => a.Count > 0));
        Assert.Equal("firing", firing["status"]!.GetValue<string>());

        // The node goes down: the generated inhibition mutes its pods' alerts, and the pod alert then ends.
        await cluster.PostToAlertmanagerAsync(Alert(new JsonObject { ["alertname"] = "KubeletDown", ["node"] = "down-node", ["severity"] = "critical" }, DateTimeOffset.UtcNow));
        await cluster.WaitForAlertsAsync("KubeletDown", a => a.Count > 0);
        for (var i = 0; i < 100 && await AlertmanagerStateAsync("MutedResolution") != "suppressed"; i++) await Task.Delay(100);
        Assert.Equal("suppressed", await AlertmanagerStateAsync("MutedResolution"));
        await cluster.PostToAlertmanagerAsync(Alert(podLabels, started, DateTimeOffset.UtcNow));
        Assert.Equal("gone", await AlertmanagerStateAsync("MutedResolution"));

        // Several of the route's 1 s group intervals later Alertmanager has still sent no resolution: this is what the checks make up for.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal("firing", Assert.Single(await cluster.WaitForAlertsAsync("MutedResolution", a => a.Count > 0))["status"]!.GetValue<string>());

        var time = new SettableTime(DateTimeOffset.UtcNow);
        var firstMissing = time.Now;
        var checker = Checker(time, TimeSpan.FromMinutes(10));
        Assert.Empty(await checker.CheckAsync(CancellationToken.None));
        time.Now += TimeSpan.FromMinutes(9);
        Assert.Empty(await checker.CheckAsync(CancellationToken.None));
        time.Now += TimeSpan.FromMinutes(1);
        var change = Assert.Single(await checker.CheckAsync(CancellationToken.None));

        Assert.Equal(firing["id"]!.GetValue<long>(), change.Alert.Id);
        var resolved = Assert.Single(await cluster.WaitForAlertsAsync("MutedResolution", a => a.Count > 0));
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        Assert.Equal(Rfc3339.Format(firstMissing), resolved["endsAt"]!.GetValue<string>());
        Assert.Equal("receiver", resolved["resolvedBy"]!.GetValue<string>());
        // The on-call hears of it as of any resolution.
        await cluster.Forward.WaitForAsync(m => m["alert"]!["alertname"]!.GetValue<string>() == "MutedResolution" && m["status"]!.GetValue<string>() == "resolved");
        // The node's alert, which Alertmanager still holds, stays firing however long it lasts.
        Assert.Equal("firing", Assert.Single(await cluster.WaitForAlertsAsync("KubeletDown", a => a.Count > 0))["status"]!.GetValue<string>());
        time.Now += TimeSpan.FromHours(1);
        Assert.Empty(await checker.CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnAlertIsResolvedAFullPeriodAfterItWasFirstFoundMissingNeverAtOnceHoweverOldItIs()
    {
        // Posted to the receiver alone, as a restarted Alertmanager would not have it yet: found missing at the first check,
        // resolved only a full period after that, never at once however old the alert is.
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, $"{AlertingEndpoints.PathPrefix}/webhook",
            Payloads.Notification("firing", Payloads.Alert("NeverInAlertmanager", "f-never-1", pod: "never-1")));
        Assert.Equal(200, code);
        var time = new SettableTime(DateTimeOffset.UtcNow.AddDays(1));
        var checker = Checker(time, TimeSpan.FromMinutes(10));
        Assert.DoesNotContain(await checker.CheckAsync(CancellationToken.None), c => c.Alert.AlertName == "NeverInAlertmanager");
        time.Now += TimeSpan.FromMinutes(10);
        Assert.Contains(await checker.CheckAsync(CancellationToken.None), c => c.Alert.AlertName == "NeverInAlertmanager");
    }
}
