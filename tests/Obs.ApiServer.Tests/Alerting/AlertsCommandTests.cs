using System.CommandLine;
using System.Text.Json.Nodes;
using Obs.Cli.Commands;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary><c>obs alerts</c>, <c>ack</c> and <c>silence</c>, run in this process against a real apiserver and Alertmanager.</summary>
public sealed class AlertsCommandTests(AlertingCluster cluster) : IClassFixture<AlertingCluster>
{
    private async Task<(int Code, string Out, string Err)> ObsAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var root = new RootCommand("obs") { AlertsCommand.Create() };
        var code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task TheTableListsFiringAlertsAndAckMovesOneToAcknowledged()
    {
        var (_, _, none) = await ObsAsync("alerts", "--kubeconfig", cluster.Kubeconfig);
        Assert.Equal("", none);
        var now = DateTimeOffset.UtcNow;
        var startsAt = Obs.ApiServer.Alerting.Rfc3339.Format(now.AddMinutes(-30));
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(
            Payloads.Alert("KubePodCrashLooping", "cli-1", startsAt: startsAt, pod: "web-1"),
            Payloads.Alert("KubePodCrashLooping", "cli-2", startsAt: startsAt, pod: "api-7", severity: "critical")))).Code);
        var alerts = await cluster.WaitForAlertsAsync("KubePodCrashLooping", a => a.Count == 2);
        var web = alerts.Single(a => a["labels"]!["pod"]!.GetValue<string>() == "web-1")["id"]!.GetValue<long>();
        var api = alerts.Single(a => a["labels"]!["pod"]!.GetValue<string>() == "api-7")["id"]!.GetValue<long>();

        // Stored in the payload's order (other tests of the class may have stored alerts before); both
        // start together, so the newer id comes first.
        Assert.Equal(web + 1, api);
        var (code, table, err) = await ObsAsync("alerts", "--kubeconfig", cluster.Kubeconfig);
        Assert.True(code == 0, err);
        Assert.Equal(
            $"""
            ID   ALERT                 SEVERITY   STATUS   NAMESPACE   OBJECT      AGE   ACKED BY   SUMMARY
            {api,-5}KubePodCrashLooping   critical   firing   default     pod/api-7   30m              Pod default/api-7 is crash looping
            {web,-5}KubePodCrashLooping   warning    firing   default     pod/web-1   30m              Pod default/web-1 is crash looping

            """,
            table);

        (code, var acked, err) = await ObsAsync("alerts", "ack", web.ToString(), "--kubeconfig", cluster.Kubeconfig);
        Assert.True(code == 0, err);
        Assert.StartsWith($"alert {web} (KubePodCrashLooping) acknowledged by admin at 20", acked, StringComparison.Ordinal);

        (_, table, _) = await ObsAsync("alerts", "--kubeconfig", cluster.Kubeconfig);
        Assert.Contains($"\n{web,-5}KubePodCrashLooping   warning    acknowledged   default     pod/web-1   30m   admin      Pod default/web-1 is crash looping\n", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolvedAlertsAreListedWithWhoResolvedThem()
    {
        var startsAt = Obs.ApiServer.Alerting.Rfc3339.Format(DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification(
            Payloads.Alert("KubeJobFailed", "cli-resolved", startsAt: startsAt, pod: "job-1")))).Code);
        await cluster.WaitForAlertsAsync("KubeJobFailed", a => a.Count == 1);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Post, Payloads.Webhook, Payloads.Notification("resolved",
            Payloads.Alert("KubeJobFailed", "cli-resolved", status: "resolved", startsAt: startsAt, endsAt: Obs.ApiServer.Alerting.Rfc3339.Format(DateTimeOffset.UtcNow), pod: "job-1")))).Code);
        await cluster.WaitForAlertsAsync("KubeJobFailed", a => a.Count == 1 && a[0]!["status"]!.GetValue<string>() == "resolved");

        var (code, table, err) = await ObsAsync("alerts", "--state", "resolved", "--kubeconfig", cluster.Kubeconfig);
        Assert.True(code == 0, err);
        var lines = table.Split('\n');
        Assert.Matches(@"^ID\s+ALERT\s+SEVERITY\s+STATUS\s+NAMESPACE\s+OBJECT\s+AGE\s+ACKED BY\s+RESOLVED BY\s+SUMMARY$", lines[0]);
        // Under ten minutes an age carries its seconds (kubectl's form): 5m, or 5m3s when the run took seconds.
        Assert.True(lines.Any(l => System.Text.RegularExpressions.Regex.IsMatch(l,
            @"^\d+\s+KubeJobFailed\s+warning\s+resolved\s+default\s+pod/job-1\s+5m(\d+s)?\s+alertmanager\s+Pod default/job-1 is crash looping$")), table);

        // The default listing (firing and acknowledged) has no resolver column.
        (_, table, _) = await ObsAsync("alerts", "--kubeconfig", cluster.Kubeconfig);
        Assert.DoesNotContain("RESOLVED BY", table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AckOfAnUnknownAlertPrintsTheServersMessage()
    {
        var (code, output, error) = await ObsAsync("alerts", "ack", "424242", "--kubeconfig", cluster.Kubeconfig);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal("Error from server (NotFound): alert \"424242\" not found\n", error);
    }

    [Fact]
    public async Task SilenceCreatesItInAlertmanager()
    {
        var (code, output, error) = await ObsAsync("alerts", "silence", "alertname=KubePodCrashLooping,namespace=default", "--for", "90m", "--kubeconfig", cluster.Kubeconfig);
        Assert.True(code == 0, error);
        Assert.StartsWith("silence ", output, StringComparison.Ordinal);
        var id = output.Split(' ')[1];
        Assert.Contains(" created for alertname=\"KubePodCrashLooping\",namespace=\"default\" until ", output, StringComparison.Ordinal);
        var am = JsonNode.Parse(await cluster.AlertmanagerClient.GetStringAsync($"{cluster.Alertmanager.Url}/api/v2/silence/{id}"))!;
        Assert.Equal("admin", am["createdBy"]!.GetValue<string>());
        Assert.Equal("silenced by admin through obs", am["comment"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABadMatcherIsRefusedBeforeAnyRequest()
    {
        var (code, _, error) = await ObsAsync("alerts", "silence", "alertname", "--kubeconfig", cluster.Kubeconfig);
        Assert.Equal(2, code);
        Assert.Equal("obs alerts silence: matcher for \"alertname\" needs one of = != =~ !~\n", error);
    }
}
