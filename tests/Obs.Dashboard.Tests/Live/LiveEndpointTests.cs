using System.Net;
using Obs.Dashboard.Live;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Live;

[Collection(DashboardCollection.Name)]
public sealed class LiveEndpointTests(DashboardFixture fixture)
{
    [Fact]
    public async Task CreatingAPodThroughTheApiSendsAPodsEvent()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        using var live = await LiveStream.OpenAsync(browser, "topic=pods");

        var name = $"live-{Guid.NewGuid():N}"[..20];
        var (code, _) = await fixture.Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        Assert.Equal(201, code);

        Assert.Equal("data: changed", await live.NextEventAsync("pods"));
        Assert.Equal("text/event-stream", live.MediaType);
    }

    [Fact]
    public async Task TheEventsListsStreamWithItsFiltersIsToldOfAnEventTheListShows()
    {
        var (ns, browser) = await NamespaceAndBrowserAsync();
        using var _ = browser;
        var query = new Obs.Dashboard.Pages.Events.EventQuery(ns, "Pod", "web", "Warning", null, null, 1);
        using var live = await LiveStream.OpenAsync(browser, query.LiveStream["/live?".Length..]);

        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events",
            $$$"""{"metadata":{"name":"web.1"},"involvedObject":{"kind":"Pod","namespace":"{{{ns}}}","name":"web"},"type":"Warning","reason":"BackOff","message":"Back-off"}""")).Code);

        Assert.Equal($"/live?topic=events&namespace={ns}&kind=Pod&name=web&type=Warning", query.LiveStream);
        Assert.Equal("data: changed", await live.NextEventAsync("events"));
    }

    [Fact]
    public async Task APodPagesStreamIsToldWhenItsPodChanges()
    {
        var (ns, browser) = await NamespaceAndBrowserAsync();
        using var _ = browser;
        using var live = await LiveStream.OpenAsync(browser, LiveSubject.EventsStream($"Pod/{ns}/web", "pods")["/live?".Length..]);

        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"metadata":{"name":"web"},"spec":{"containers":[{"name":"app","image":"busybox"}]}}""")).Code);

        Assert.Equal("data: changed", await live.NextEventAsync("pods"));
    }

    [Fact]
    public async Task APagesStreamIsToldOfAChangeMadeBetweenItsRenderAndItsConnection()
    {
        var (ns, browser) = await NamespaceAndBrowserAsync();
        using var _ = browser;
        var stream = SseConnect(await ReadAsync(browser, $"/pods?namespace={ns}"));
        Assert.Matches(@"^/live\?topic=pods&since=\d+$", stream);

        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            """{"metadata":{"name":"early"},"spec":{"containers":[{"name":"app","image":"busybox"}]}}""")).Code);
        // The dashboard has heard of the pod (its list shows it) before the stream opens: only the page's number can tell it.
        for (var i = 0; i < 100 && !(await ReadAsync(browser, $"/pods?namespace={ns}")).Contains("early", StringComparison.Ordinal); i++) await Task.Delay(100);
        using var live = await LiveStream.OpenAsync(browser, stream["/live?".Length..]);

        Assert.Equal("data: changed", await live.NextEventAsync("pods"));
    }

    [Fact]
    public async Task ASinceThatIsNotANumberIsABadRequest()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        using var response = await browser.GetAsync("/live?topic=pods&since=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("since", await response.Content.ReadAsStringAsync());
    }

    private static async Task<string> ReadAsync(DashboardBrowser browser, string path)
    {
        using var response = await browser.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string SseConnect(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "sse-connect=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>A namespace of its own for the test, and a signed-in browser.</summary>
    private async Task<(string Namespace, DashboardBrowser Browser)> NamespaceAndBrowserAsync()
    {
        var ns = $"live-{Guid.NewGuid():N}"[..13];
        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        return (ns, browser);
    }

    [Fact]
    public async Task UnknownTopicIsABadRequestNamingTheTopics()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        using var response = await browser.GetAsync("/live?topic=secrets");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unknown: secrets", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnonymousStreamIsRefusedNotRedirected()
    {
        using var browser = fixture.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/live?topic=pods");
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task OverviewHealthFragmentIsTheTilesAloneAndRequestsFromHtmxOfAnonymousUsersAreSentToSignIn()
    {
        using var browser = fixture.NewBrowser();
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, Fragments.OverviewHealth);
        anonymous.Headers.Add("HX-Request", "true");
        using var refused = await browser.Http.SendAsync(anonymous);
        await browser.SignInAsync(fixture.AdminToken);

        var html = await browser.Http.GetStringAsync(Fragments.OverviewHealth);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", refused.Headers.GetValues("HX-Redirect").Single());
        Assert.StartsWith("<section class=\"tiles\" aria-label=\"Cluster health\">", html.TrimStart());
        Assert.DoesNotContain("<nav", html);
    }

    [Fact]
    public async Task OverviewAlertsFragmentIsTheAlertTileCountedForTheSignedInUser()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        var fingerprint = "f-tile-" + Guid.NewGuid().ToString("N")[..8];
        await Alerting.Webhooks.PostAsync(fixture.Cluster, "firing", Alerting.Webhooks.Alert("TileCount", fingerprint, ns: "tile", severity: "critical"));

        var html = await browser.Http.GetStringAsync(Fragments.OverviewAlerts);
        // Resolved again, so the overview of the other tests on this cluster still has nothing firing.
        await Alerting.Webhooks.PostAsync(fixture.Cluster, "resolved", Alerting.Webhooks.Alert("TileCount", fingerprint, ns: "tile", severity: "critical", status: "resolved"));

        Assert.StartsWith("<article class=\"tile\" id=\"tile-alerts\">", html.TrimStart());
        Assert.Contains("<span data-severity=\"critical\">1</span>", html);
        Assert.DoesNotContain("<nav", html);
    }
}
