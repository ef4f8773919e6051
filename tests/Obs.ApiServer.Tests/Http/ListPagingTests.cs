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
}
