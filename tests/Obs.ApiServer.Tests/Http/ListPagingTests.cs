using Npgsql;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

public sealed class ListPagingTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task PagesAcrossNamespacesWhoseNamesArePrefixesOfEachOtherMissNothing()
    {
        // "pg-x" and "pg-x-b": joined keys sort "pg-x-b/…" before "pg-x/…", the cache sorts namespace "pg-x" first.
        var prefix = "pg" + Guid.NewGuid().ToString("N")[..6];
        string[] namespaces = [prefix, prefix + "-b", prefix + "-b-c"];
        var expected = new List<string>();
        foreach (var ns in namespaces)
        {
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$$"""{"metadata":{"name":"{{{{ns}}}}","labels":{"paging":"{{{{prefix}}}}"}}}""")).Code);
            foreach (var name in new[] { "one", "two" })
            {
                Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$$"""{"metadata":{"name":"{{{{name}}}}","labels":{"paging":"{{{{prefix}}}}"}}}""")).Code);
                expected.Add($"{ns}/{name}");
            }
        }

        var seen = new List<string>();
        string? next = null;
        do
        {
            var path = $"/api/v1/configmaps?labelSelector=paging%3D{prefix}&limit=1" + (next is null ? "" : "&continue=" + Uri.EscapeDataString(next));
            var (code, page) = await cluster.SendAsync(HttpMethod.Get, path);
            Assert.Equal(200, code);
            seen.AddRange(page!["items"]!.AsArray().Select(i => $"{i!["metadata"]!["namespace"]}/{i["metadata"]!["name"]}"));
            next = page["metadata"]?["continue"]?.GetValue<string>();
        }
        while (next is not null && seen.Count < 100);

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task PagesReadWithWritesInBetweenCoverEveryObjectThatStayedExactlyOnce()
    {
        var ns = await NamespaceWithConfigMapsAsync("pw", 30);
        var stayed = Enumerable.Range(0, 30).Where(i => i % 7 != 3).Select(Name).ToList();

        var seen = new List<string>();
        string? next = null;
        var page = 0;
        do
        {
            var (code, list) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=4" + Continue(next));
            Assert.Equal(200, code);
            seen.AddRange(list!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
            next = list["metadata"]?["continue"]?.GetValue<string>();
            // Between pages: change one that stays, delete one, create one (before and after the page boundary).
            var i = page++;
            if (i < 30) Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/{stayed[(i * 11) % stayed.Count]}",
                """{"data":{"changed":"yes"}}""", "application/merge-patch+json")).Code);
            if (i * 7 + 3 < 30) Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/{Name(i * 7 + 3)}")).Code);
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$"""{"metadata":{"name":"cm-{{{i:00}}}-new"}}""")).Code);
        }
        while (next is not null && seen.Count < 200);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(stayed.Except(seen));
    }

    [Fact]
    public async Task AContinueTokenOlderThanTheCompactedRevisionIsExpired()
    {
        var ns = await NamespaceWithConfigMapsAsync("px", 3);
        var (code, first) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1");
        Assert.Equal(200, code);
        var token = first!["metadata"]!["continue"]!.GetValue<string>();
        // A later write, then compaction up to it: the first page's revision is gone from the log.
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"later"}}""")).Code);
        await using (var database = NpgsqlDataSource.Create(cluster.DatabaseUrl))
        await using (var compact = database.CreateCommand("update obs_compaction set compacted_rv = (select max(rv) from obs_changes)"))
        {
            await compact.ExecuteNonQueryAsync();
        }

        var (expired, status) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=1" + Continue(token));
        var (fresh, again) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?limit=10");

        Assert.Equal(410, expired);
        Assert.Equal("Expired", status!["reason"]!.GetValue<string>());
        Assert.Equal(200, fresh);
        Assert.Equal(4, again!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task AContinueTokenThatIsNotOneIsABadRequest()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/configmaps?limit=1&continue=bm90LWpzb24%3D");
        Assert.Equal(400, code);
        Assert.Contains("continue", status!["message"]!.GetValue<string>());
    }

    private static string Name(int i) => $"cm-{i:00}";

    private static string Continue(string? token) => token is null ? "" : "&continue=" + Uri.EscapeDataString(token);

    private async Task<string> NamespaceWithConfigMapsAsync(string prefix, int count)
    {
        var ns = prefix + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        for (var i = 0; i < count; i++)
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$"""{"metadata":{"name":"{{{Name(i)}}}"}}""")).Code);
        return ns;
    }
}
