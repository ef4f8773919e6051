using System.Text;
using Obs.ApiServer.Alerting;

namespace Obs.ApiServer.Tests.Alerting;

/// <summary>What the human on call reads in the inbox: the subject alone says what broke and where.</summary>
public sealed class AlertEmailTests
{
    private static readonly EmailForwardOptions Options = new("127.0.0.1:25", "obs@example.com", ["oncall@example.com"]) { DashboardUrl = new Uri("http://127.0.0.1:8080/") };
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 5, 0, TimeSpan.Zero);

    public static StoredAlert Alert(string alertName = "KubePodCrashLooping", IReadOnlyDictionary<string, string>? labels = null, string description = "Pod default/web-1 (web) is restarting 2.1 times / 10 minutes.") => new(
        42, "f1", AlertStates.Firing, alertName,
        labels ?? new SortedDictionary<string, string> { ["alertname"] = alertName, ["namespace"] = "default", ["pod"] = "web-1", ["container"] = "web", ["severity"] = "warning" },
        new SortedDictionary<string, string> { ["summary"] = "Pod is crash looping.", ["description"] = description, ["runbook_url"] = "docs/runbooks/KubePodCrashLooping.md" },
        new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), null, "http://127.0.0.1:9090/graph?g0.expr=up", Now, Now, null, 1, null, null, null);

    [Fact]
    public void TheSubjectNamesTheStateTheAlertTheObjectAndTheSeverity()
    {
        Assert.Equal("[FIRING] KubePodCrashLooping: Pod default/web-1 (warning)", AlertEmail.Subject(new AlertNotice(AlertStates.Firing, Alert())));
        Assert.Equal("[RESOLVED] KubePodCrashLooping: Pod default/web-1 (warning)", AlertEmail.Subject(new AlertNotice(AlertStates.Resolved, Alert())));
    }

    [Fact]
    public void ANodeAlertNamesTheNode()
    {
        var labels = new SortedDictionary<string, string> { ["alertname"] = "KubeNodeNotReady", ["node"] = "n1", ["severity"] = "warning" };
        Assert.Equal("[FIRING] KubeNodeNotReady: Node n1 (warning)", AlertEmail.Subject(new AlertNotice(AlertStates.Firing, Alert("KubeNodeNotReady", labels))));
    }

    [Fact]
    public void TheBodyHasTheDescriptionRunbookLinksLabelsAndAnnotations()
    {
        var body = AlertEmail.Body(new AlertNotice(AlertStates.Firing, Alert()), Options.DashboardUrl);
        Assert.Contains("Description: Pod default/web-1 (web) is restarting 2.1 times / 10 minutes.\n", body, StringComparison.Ordinal);
        Assert.Contains("Runbook: docs/runbooks/KubePodCrashLooping.md\n", body, StringComparison.Ordinal);
        Assert.Contains("Dashboard: http://127.0.0.1:8080/alerts/42\n", body, StringComparison.Ordinal);
        Assert.Contains("Source: http://127.0.0.1:9090/graph?g0.expr=up\n", body, StringComparison.Ordinal);
        Assert.Contains("obs alerts ack 42", body, StringComparison.Ordinal);
        Assert.Contains("Labels:\n  alertname = KubePodCrashLooping\n  container = web\n  namespace = default\n  pod = web-1\n  severity = warning\n", body, StringComparison.Ordinal);
        Assert.Contains("Annotations:\n  description = Pod default/web-1", body, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutADashboardThereIsNoDashboardLine() =>
        Assert.DoesNotContain("Dashboard:", AlertEmail.Body(new AlertNotice(AlertStates.Firing, Alert()), null), StringComparison.Ordinal);

    [Fact]
    public void TheMessageHasItsHeadersAndAnAsciiBodyAsIs()
    {
        var message = AlertEmail.Message(new AlertNotice(AlertStates.Firing, Alert()), Options, Now);
        Assert.StartsWith("From: obs@example.com\r\nTo: oncall@example.com\r\nSubject: [FIRING] KubePodCrashLooping: Pod default/web-1 (warning)\r\n" +
                          "Date: Sun, 22 Nov 2026 06:05:00 +0000\r\nMessage-ID: <", message, StringComparison.Ordinal);
        Assert.Contains("Content-Transfer-Encoding: 7bit\r\n\r\n[FIRING] KubePodCrashLooping", message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonAsciiTextIsEncodedSoNoRelayMangles()
    {
        var labels = new SortedDictionary<string, string> { ["alertname"] = "Störung", ["namespace"] = "café", ["pod"] = "web-1" };
        var message = AlertEmail.Message(new AlertNotice(AlertStates.Firing, Alert("Störung", labels, "Über 9000 Fehler")), Options, Now);
        var subject = message.Split("\r\n").First(l => l.StartsWith("Subject: ", StringComparison.Ordinal))[9..];
        Assert.StartsWith("=?utf-8?B?", subject, StringComparison.Ordinal);
        Assert.Equal("[FIRING] Störung: Pod café/web-1", Encoding.UTF8.GetString(Convert.FromBase64String(subject[10..^2])));
        Assert.Contains("Content-Transfer-Encoding: base64", message, StringComparison.Ordinal);
        var body = Encoding.UTF8.GetString(Convert.FromBase64String(message[(message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..].Replace("\r\n", "", StringComparison.Ordinal)));
        Assert.Contains("Description: Über 9000 Fehler", body, StringComparison.Ordinal);
    }
}
