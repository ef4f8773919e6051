using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.Client.Config;
using Obs.Client.Rest;
using Obs.Dashboard.Cluster;
using Obs.Dashboard.Pages.Events;
using Obs.Dashboard.Tests.Rendering;

namespace Obs.Dashboard.Tests.Pages.Events;

/// <summary>The events page over events placed in the dashboard's informer store (the informer is never started).</summary>
public sealed class EventsPageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 7, 0, 0, TimeSpan.Zero);

    private static JsonObject Event(string name, string ns, string kind, string objectName, string type, string reason, string message, DateTimeOffset last, int count = 1) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Event",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
        ["involvedObject"] = new JsonObject { ["kind"] = kind, ["name"] = objectName, ["namespace"] = ns },
        ["type"] = type,
        ["reason"] = reason,
        ["message"] = message,
        ["count"] = count,
        ["lastTimestamp"] = last.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["source"] = new JsonObject { ["component"] = "kubelet" },
    };

    private static async Task<string> RenderAsync(string query, params JsonObject[] events)
    {
        using var api = new ApiClient(ClusterConnection.Explicit("https://127.0.0.1:1", null, null));
        var cache = new ClusterCache(api);
        foreach (var e in events) cache.Informer(ResourceTypes.Event).Store.Upsert(e);
        return await ComponentRenderer.RenderAsync<EventsPage>(services: s => s
            .AddPage("http://dashboard.test/events" + query, new Obs.Dashboard.Auth.CurrentUser { Access = Obs.Dashboard.Access.UserAccess.Everything }, new FixedTime(Now))
            .AddSingleton(cache));
    }

    [Fact]
    public async Task NoEventsSaysSo()
    {
        var html = await RenderAsync("");

        Assert.Contains("No events: the cluster has recorded none, or they have expired.", html);
        Assert.DoesNotContain("<table", html);
    }

    [Fact]
    public async Task EventsAreListedNewestFirstWithALinkToTheirObject()
    {
        var html = await RenderAsync("",
            Event("old", "shop", "Pod", "web-1", "Normal", "Scheduled", "Successfully assigned shop/web-1 to node-1", Now.AddMinutes(-30)),
            Event("new", "shop", "Pod", "web-1", "Warning", "BackOff", "Back-off restarting failed container", Now.AddMinutes(-1), count: 7));

        Assert.Contains("<td>Scheduled</td>", html);
        Assert.Contains("<td>BackOff</td>", html);
        Assert.True(html.IndexOf("<td>BackOff</td>", StringComparison.Ordinal) < html.IndexOf("<td>Scheduled</td>", StringComparison.Ordinal), "the newest event comes first");
        Assert.Contains("<a href=\"/pods/shop/web-1\">Pod shop/web-1</a>", html);
        Assert.Contains("<td>7</td>", html);
        Assert.Contains(">1m ago</time>", html);
        Assert.Contains("hx-trigger=\"sse:events\"", html);
        Assert.Contains("sse-connect=\"/live?topic=events&amp;since=0\"", html);
    }

    [Fact]
    public async Task FiltersFromTheQueryStringNarrowTheList()
    {
        var events = new[]
        {
            Event("a", "shop", "Pod", "web-1", "Warning", "BackOff", "Back-off restarting failed container", Now.AddMinutes(-1)),
            Event("b", "shop", "Pod", "web-2", "Normal", "Pulled", "Container image already present", Now.AddMinutes(-2)),
            Event("c", "billing", "Deployment", "api", "Normal", "ScalingReplicaSet", "Scaled up replica set api-5d9 to 3", Now.AddMinutes(-3)),
        };

        var warnings = await RenderAsync("?type=Warning", events);
        Assert.Contains("<td>BackOff</td>", warnings);
        Assert.DoesNotContain("<td>Pulled</td>", warnings);
        Assert.Contains("<option value=\"Warning\" selected>Warning</option>", warnings);

        var billing = await RenderAsync("?namespace=billing", events);
        Assert.Contains("<a href=\"/workloads/deployments/billing/api\">Deployment billing/api</a>", billing);
        Assert.DoesNotContain("web-1", billing);

        var byObject = await RenderAsync("?kind=Pod&name=web-2", events);
        Assert.Contains("<td>Pulled</td>", byObject);
        Assert.DoesNotContain("<td>BackOff</td>", byObject);

        var searched = await RenderAsync("?q=REPLICA", events);
        Assert.Contains("<td>ScalingReplicaSet</td>", searched);
        Assert.Contains("1 event(s), page 1 of 1", searched);

        Assert.Contains("No events match these filters.", await RenderAsync("?reason=Killing", events));
    }

    [Fact]
    public async Task ManyEventsArePagedOnTheServerKeepingTheFilters()
    {
        var events = Enumerable.Range(0, 120).Select(i =>
            Event($"e{i:000}", "shop", "Pod", $"web-{i:000}", "Warning", "BackOff", $"restart {i:000}", Now.AddSeconds(-i))).ToArray();

        var first = await RenderAsync("?type=Warning", events);
        Assert.Contains("120 event(s), page 1 of 3", first);
        Assert.Equal(50, first.Split("<tr class=\"event").Length - 1);
        Assert.Contains("restart 000", first);
        Assert.DoesNotContain("restart 050", first);
        Assert.Contains("href=\"/events?type=Warning&amp;page=2\">Older</a>", first);
        // The first page follows the events its filters show, and its refresh keeps them.
        Assert.Contains("sse-connect=\"/live?topic=events&amp;type=Warning&amp;since=0\"", first);
        Assert.Contains("hx-get=\"/events?type=Warning\"", first);

        var third = await RenderAsync("?type=Warning&page=3", events);
        Assert.Equal(20, third.Split("<tr class=\"event").Length - 1);
        Assert.Contains("restart 119", third);
        Assert.Contains("href=\"/events?type=Warning&amp;page=2\">Newer</a>", third);
        // Later pages do not follow the stream: rows would move under the reader.
        Assert.DoesNotContain("hx-trigger", third);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
