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
}
