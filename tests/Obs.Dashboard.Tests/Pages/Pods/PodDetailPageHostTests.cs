using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Pages.Pods;

/// <summary>The pod page served by the real host: its header, summary and conditions follow the pod without a reload.</summary>
[Collection(DashboardCollection.Name)]
public sealed class PodDetailPageHostTests(DashboardFixture fixture)
{
    [Fact]
    public async Task HeaderSummaryAndConditionsRefetchThemselvesOnPodsNoticesAndTheRefetchShowsTheNewStateWithoutChartsOrLogs()
    {
        var ns = "live-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"metadata":{"name":"web"},"spec":{"containers":[{"name":"app","image":"busybox"}]}}""")).Code);
        await WaitForPhaseAsync(ns, "Pending");
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        var (code, page) = await browser.GetPageAsync($"/pods/{ns}/web");
        var started = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(200, (await fixture.Cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/pods/web/status",
            $$$$"""{"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[{"name":"app","image":"busybox","imageID":"","ready":true,"restartCount":3,"state":{"running":{"startedAt":"{{{{started}}}}"}}}]}}""",
            "application/merge-patch+json")).Code);
        await WaitForPhaseAsync(ns, "Running");
        using var refetch = new HttpRequestMessage(HttpMethod.Get, $"/pods/{ns}/web");
        refetch.Headers.Add("HX-Request", "true");
        using var response = await browser.Http.SendAsync(refetch);
        var fragment = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Matches(System.Text.RegularExpressions.Regex.Escape($"sse-connect=\"/live?topic=pods&topic=events&about=Pod%2F{ns}%2Fweb&since=") + "[0-9]+\"", page);
        Assert.Contains($"hx-get=\"/fragments/events?about=Pod%2F{ns}%2Fweb\" hx-trigger=\"sse:events\" hx-target=\"#object-events\"", page);
        // One re-fetch of the page brings the header, the summary and the conditions.
        Assert.Contains($"hx-get=\"/pods/{ns}/web\" hx-trigger=\"sse:pods\" hx-target=\"#pod-header\" hx-select=\"#pod-header\" hx-swap=\"outerHTML\" hx-select-oob=\"#pod-status, #pod-conditions\"", page);
        Assert.Contains("<dt>Restarts</dt><dd>0</dd>", page);
        // Without Prometheus the full page says so where the charts go; the live re-fetch asks Prometheus nothing.
        Assert.Contains("Prometheus is not configured.", page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<dt>Restarts</dt><dd>3</dd>", fragment);
        Assert.Contains(">Running</", fragment);
        Assert.DoesNotContain("Prometheus is not configured.", fragment);
        // Nor reads the log: the re-fetch has no log section.
        Assert.Contains("<h2 id=\"logs-heading\">Logs</h2>", page);
        Assert.DoesNotContain("logs-heading", fragment);
    }

    private async Task WaitForPhaseAsync(string ns, string phase)
    {
        var cache = fixture.Host.Services.GetRequiredService<ClusterCache>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (cache.Lister(ResourceTypes.Pod).Get(ns, "web")?.StringAt("status", "phase") != phase) await Task.Delay(50, deadline.Token);
    }
}
