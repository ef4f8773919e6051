using System.Globalization;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// Streaming lists (<c>watch=true&amp;sendInitialEvents=true&amp;resourceVersionMatch=NotOlderThan</c>), as a 1.32
/// apiserver with WatchList on serves them: the current objects as ADDED, then, for a client that takes
/// bookmarks, a BOOKMARK at their revision annotated <c>k8s.io/initial-events-end: "true"</c>, then the changes.
/// <c>sendInitialEvents=false</c> sends the changes only.
/// </summary>
public sealed class StreamingListTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task<long> CreateAsync(string ns, string name)
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$"""{"metadata":{"name":"{{{name}}}"}}""");
        Assert.Equal(201, code);
        return long.Parse(created!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    private async Task CreateNamespaceAsync(string ns) =>
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);

    [Fact]
    public async Task TheInitialObjectsEndWithAnAnnotatedBookmarkAtTheirRevision()
    {
        await CreateNamespaceAsync("stream-marked");
        await CreateAsync("stream-marked", "a");
        var written = await CreateAsync("stream-marked", "b");

        await using var watch = await WatchReader.OpenAsync(cluster.Client,
            "/api/v1/namespaces/stream-marked/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true");
        Assert.Equal(200, watch.StatusCode);

        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var e = await watch.NextAsync();
            Assert.Equal("ADDED", e!["type"]!.GetValue<string>());
            names.Add(e["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
        Assert.Equal(["a", "b"], names);
        var end = await watch.NextAsync();
        Assert.Equal("BOOKMARK", end!["type"]!.GetValue<string>());
        Assert.Equal("ConfigMap", end["object"]!["kind"]!.GetValue<string>());
        Assert.Equal("true", end["object"]!["metadata"]!["annotations"]!["k8s.io/initial-events-end"]!.GetValue<string>());
        // An unset resourceVersion is a consistent read: the state includes every write made before the request.
        Assert.True(long.Parse(end["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= written);

        await CreateAsync("stream-marked", "c");
        var change = await watch.NextChangeAsync();
        Assert.Equal("ADDED", change!["type"]!.GetValue<string>());
        Assert.Equal("c", change["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task WithoutBookmarksTheInitialObjectsAreFollowedByTheChangesAlone()
    {
        await CreateNamespaceAsync("stream-plain");
        await CreateAsync("stream-plain", "a");

        await using var watch = await WatchReader.OpenAsync(cluster.Client,
            "/api/v1/namespaces/stream-plain/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan");
        var first = await watch.NextAsync();
        Assert.Equal("ADDED", first!["type"]!.GetValue<string>());
        Assert.Equal("a", first["object"]!["metadata"]!["name"]!.GetValue<string>());

        await CreateAsync("stream-plain", "b");
        var next = await watch.NextAsync();
        Assert.Equal("ADDED", next!["type"]!.GetValue<string>());
        Assert.Equal("b", next["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendInitialEventsFalseSendsOnlyTheChanges()
    {
        await CreateNamespaceAsync("stream-none");
        await CreateAsync("stream-none", "before");

        await using var watch = await WatchReader.OpenAsync(cluster.Client,
            "/api/v1/namespaces/stream-none/configmaps?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan");
        Assert.Equal(200, watch.StatusCode);
        await CreateAsync("stream-none", "after");

        var e = await watch.NextAsync();
        Assert.Equal("ADDED", e!["type"]!.GetValue<string>());
        Assert.Equal("after", e["object"]!["metadata"]!["name"]!.GetValue<string>());
    }
}
