using Obs.Dashboard.Alerting;
using Obs.Dashboard.Pages.Alerts;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Alerts;

public sealed class AlertItemTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);

    private static Alert Sample(string status = AlertStatus.Firing, string runbook = "https://runbooks.example/crash", string? ackBy = null, string? resolvedBy = null) => new(
        7, "f1", status, "KubePodCrashLooping",
        new Dictionary<string, string> { ["alertname"] = "KubePodCrashLooping", ["namespace"] = "shop", ["pod"] = "web-1", ["severity"] = "critical" },
        new Dictionary<string, string> { ["summary"] = "Pod shop/web-1 is crash looping", ["description"] = "It restarted 5 times.", ["runbook_url"] = runbook },
        Now.AddMinutes(-42), null, "", Now, status == AlertStatus.Resolved ? Now.AddMinutes(-2) : null, 1, ackBy, ackBy is null ? null : Now.AddMinutes(-1), resolvedBy);

    private static Task<string> RenderAsync(Alert alert, string? ackForm = "ack") => ComponentRenderer.RenderAsync<AlertItem>(new Dictionary<string, object?>
    {
        ["Alert"] = alert,
        ["Now"] = Now,
        ["AckForm"] = ackForm,
    });

    [Fact]
    public async Task AFiringAlertShowsSeveritySummaryDescriptionTimesLabelsLinksAndAnAcknowledgeButton()
    {
        var html = await RenderAsync(Sample());

        Assert.Contains("class=\"status-badge severity badge-degraded\" title=\"Severity\">critical</span>", html);
        Assert.Contains("Pod shop/web-1 is crash looping", html);
        Assert.Contains("It restarted 5 times.", html);
        Assert.Contains(">42m ago</time>", html);
        Assert.Contains("<code>pod=web-1</code>", html);
        Assert.Contains("<a href=\"/pods/shop/web-1\">Pod shop/web-1</a>", html);
        Assert.Contains("href=\"https://runbooks.example/crash\"", html);
        // A plain submit of the shared form without script; with htmx a post of that form's token that replaces this alert.
        Assert.Contains("<button type=\"submit\" form=\"ack\" name=\"AckId\" value=\"7\" hx-post=\"/alerts/7/acknowledge\" hx-target=\"#alert-7\" hx-swap=\"outerHTML\">Acknowledge</button>", html);
        Assert.Contains("<div class=\"action-outcome\" id=\"alert-7-outcome\" aria-live=\"polite\"></div>", html);
    }

    [Fact]
    public async Task AResolvedAlertShowsWhenItResolvedAndCannotBeAcknowledged()
    {
        var html = await RenderAsync(Sample(AlertStatus.Resolved));

        Assert.Contains("<dt>Resolved</dt>", html);
        Assert.Contains(">2m ago</time>", html);
        Assert.DoesNotContain("Acknowledge</button>", html);
    }

    [Fact]
    public async Task AnAlertTheReceiverResolvedSaysAlertmanagerSentNoResolution()
    {
        var html = await RenderAsync(Sample(AlertStatus.Resolved, resolvedBy: "receiver"));

        Assert.Contains("<span class=\"resolved-by\">by the receiver: Alertmanager dropped it without a resolution (muted by an inhibition or a silence)</span>", html);
    }

    [Fact]
    public async Task AnAcknowledgedAlertNamesWhoTookIt()
    {
        var html = await RenderAsync(Sample(AlertStatus.Acknowledged, ackBy: "alice"));

        Assert.Contains("by <strong>alice</strong>", html);
        Assert.DoesNotContain("Acknowledge</button>", html);
    }

    [Fact]
    public async Task ARunbookThatIsNotAWebAddressIsShownAsTextNotALink()
    {
        var html = await RenderAsync(Sample(runbook: "javascript:alert(1)"));

        Assert.DoesNotContain("href=\"javascript:", html);
        Assert.Contains("Runbook: <code>javascript:alert(1)</code>", html);
    }
}
