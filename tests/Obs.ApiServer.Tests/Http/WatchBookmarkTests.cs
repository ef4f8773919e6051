using System.Globalization;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

public sealed class WatchBookmarkTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task AWatchThatDidNotAskForBookmarksGetsOnlyItsEvents()
    {
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"quiet-watch"}}""")).Code);
        await using var watch = await WatchReader.OpenAsync(cluster.Client, "/api/v1/namespaces/quiet-watch/configmaps?watch=true");
        // The watch idles with nothing to say before the change: it must not fill the wait with bookmarks.
        await Task.Delay(200);
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/quiet-watch/configmaps", """{"metadata":{"name":"one"}}""")).Code);
        var first = await watch.NextAsync();
        Assert.Equal("ADDED", first!["type"]!.GetValue<string>());
        Assert.Equal("one", first["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AQuietWatchThatTakesBookmarksIsToldOfProgressMadeElsewhereAfterItsOwnEvents()
    {
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", """{"metadata":{"name":"progress-watch"}}""")).Code);
        var (_, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/progress-watch/configmaps");
        await using var watch = await WatchReader.OpenAsync(cluster.Client,
            $"/api/v1/namespaces/progress-watch/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion={list!["metadata"]!["resourceVersion"]}");
        var (_, own) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/progress-watch/configmaps", """{"metadata":{"name":"mine"}}""");
        // A write this watch does not see: the cluster's revision moves past the watch's last event.
        var (_, elsewhere) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/progress-watch/secrets", """{"metadata":{"name":"other"}}""");
        var elsewhereRevision = Revision(elsewhere!);

        // Every bookmark comes after the events up to its revision, and one soon reaches the other write's.
        var sawMine = false;
        while (true)
        {
            var e = await watch.NextAsync();
            var type = e!["type"]!.GetValue<string>();
            var revision = Revision(e["object"]!);
            if (type == "ADDED")
            {
                Assert.Equal(Revision(own!), revision);
                sawMine = true;
                continue;
            }
            Assert.Equal("BOOKMARK", type);
            if (revision >= Revision(own!)) Assert.True(sawMine, $"a bookmark at {revision} came before the event at {Revision(own!)}");
            if (revision >= elsewhereRevision) break;
        }
    }

    private static long Revision(System.Text.Json.Nodes.JsonNode obj) =>
        long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
}
