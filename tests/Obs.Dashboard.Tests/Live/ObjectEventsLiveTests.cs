using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Obs.Dashboard.Live;
using Obs.Dashboard.Tests.Hosting;

namespace Obs.Dashboard.Tests.Live;

/// <summary>An object's events section over the real host: its stream hears that object's events only, and its fragment shows them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ObjectEventsLiveTests(DashboardFixture fixture)
{
    private async Task<string> NamespaceAsync()
    {
        var ns = "ev-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        return ns;
    }

    private async Task RecordAsync(string ns, string pod, string reason, string message) =>
        Assert.Equal(201, (await fixture.Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events",
            $$$"""
            {"metadata":{"name":"{{{pod}}}.{{{Guid.NewGuid():N}}}"},"involvedObject":{"kind":"Pod","namespace":"{{{ns}}}","name":"{{{pod}}}"},
             "type":"Warning","reason":"{{{reason}}}","message":"{{{message}}}","lastTimestamp":"{{{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}}"}
            """)).Code);

    [Fact]
    public async Task AStreamAboutAPodIsToldOfItsEventsAndTheFragmentShowsThem()
    {
        var ns = await NamespaceAsync();
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);
        using var live = await LiveStream.OpenAsync(browser, LiveSubject.EventsStream($"Pod/{ns}/web", "pods")["/live?".Length..]);

        await RecordAsync(ns, "web", "BackOff", "Back-off restarting failed container app");

        Assert.Equal("data: changed", await live.NextEventAsync("events"));
        var (code, fragment) = await browser.GetPageAsync(Fragments.EventsAbout($"Pod/{ns}/web"));
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.StartsWith("<section id=\"object-events\"", fragment.TrimStart());
        Assert.Contains("Back-off restarting failed container app", fragment);
        // The section alone: what re-fetches it is the page's own LiveRefresh, which stays.
        Assert.DoesNotContain("hx-trigger", fragment);
        Assert.DoesNotContain("<nav", fragment);
    }

    [Fact]
    public async Task AStreamAboutAnotherPodHearsNothingOfThesePodsEvents()
    {
        var ns = await NamespaceAsync();
        var hub = fixture.Host.Services.GetRequiredService<LiveHub>();
        var cache = fixture.Host.Services.GetRequiredService<Obs.Dashboard.Cluster.ClusterCache>();
        // Subscribed first, so a notice sent to both reaches it before the other one.
        using var quiet = hub.Subscribe(new HashSet<string> { "events" }, new LiveFilter(new HashSet<string> { $"Pod/{ns}/quiet" }, null, cache));
        using var web = hub.Subscribe(new HashSet<string> { "events" }, new LiveFilter(new HashSet<string> { $"Pod/{ns}/web" }, null, cache));

        await RecordAsync(ns, "noise", "Pulled", "Pulled image busybox");
        await RecordAsync(ns, "web", "Started", "Started container app");

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.Equal("events", await web.Reader.ReadAsync(wait.Token));
        Assert.False(quiet.Reader.TryRead(out _));
    }

    [Fact]
    public async Task AMalformedSubjectIsABadRequestSayingWhatItTakes()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        using var stream = await browser.GetAsync("/live?topic=events&about=web");
        using var fragment = await browser.GetAsync(Fragments.ObjectEvents + "?about=Pod/web");

        Assert.Equal(HttpStatusCode.BadRequest, stream.StatusCode);
        Assert.Contains("Kind/namespace/name", await stream.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, fragment.StatusCode);
    }

    [Fact]
    public async Task AnObjectNoLongerInTheClusterStillShowsItsEventsByName()
    {
        var ns = await NamespaceAsync();
        await RecordAsync(ns, "gone", "Killing", "Stopping container app");
        using var browser = fixture.NewBrowser();
        await browser.SignInAsync(fixture.AdminToken);

        string fragment = "";
        for (var i = 0; i < 100 && !fragment.Contains("Stopping container app", StringComparison.Ordinal); i++)
        {
            if (i > 0) await Task.Delay(100);
            fragment = (await browser.GetPageAsync(Fragments.EventsAbout($"Pod/{ns}/gone"))).Html;
        }

        Assert.Contains("Stopping container app", fragment);
    }
}
