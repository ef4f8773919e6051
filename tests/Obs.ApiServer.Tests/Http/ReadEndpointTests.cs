using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// A read of the latest state (no resourceVersion) waits for the watch cache to hold every write acknowledged so
/// far, and for nothing else; GET answers from the cache as LIST does, with the same resourceVersion rules.
/// </summary>
public sealed class ReadEndpointTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ARevisionTakenByAWriteThatNeverCommittedDoesNotHoldUpAListAndALaterCreateIsListed()
    {
        // What a write cancelled after taking its revision leaves behind: the sequence moved, no change was ever written.
        await using (var database = NpgsqlDataSource.Create(cluster.DatabaseUrl))
        await using (var takeOne = database.CreateCommand("select nextval('obs_revision')"))
        {
            await takeOne.ExecuteScalarAsync();
        }

        var (listed, list) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");
        var (created, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"after-the-gap"}}""");
        var (listedAgain, again) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/configmaps");

        Assert.True(listed == 200, list?.ToJsonString());
        Assert.Equal(201, created);
        Assert.True(listedAgain == 200, again?.ToJsonString());
        Assert.Contains("after-the-gap", again!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task AGetRightAfterEachWriteThroughAnotherApiServerSeesThatWrite()
    {
        // The other apiserver's writes reach this one's cache through the change feed (a NOTIFY and a read): a GET
        // that answered from the cache without first catching up with the database would see the older value.
        await using var other = ApiServerHost.Create(TestCluster.Options(cluster.DatabaseUrl), logging => { });
        await other.StartAsync();
        await other.WaitReadyAsync();
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, TestPki.Token);
        client.BaseAddress = new Uri($"https://127.0.0.1:{other.Port}");
        var name = "fresh-" + Guid.NewGuid().ToString("N")[..8];
        var path = $"/api/v1/namespaces/default/configmaps/{name}";

        Assert.Equal(201, await SendAsync(client, HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"metadata":{"name":"{{{name}}}"},"data":{"n":"0"}}""", "application/json"));
        var (created, first) = await cluster.SendAsync(HttpMethod.Get, path);
        Assert.True(created == 200, first?.ToJsonString());
        Assert.Equal("0", first!["data"]!["n"]!.GetValue<string>());
        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal(200, await SendAsync(client, HttpMethod.Patch, path, $$$"""{"data":{"n":"{{{i}}}"}}""", "application/merge-patch+json"));
            var (code, got) = await cluster.SendAsync(HttpMethod.Get, path);
            Assert.Equal(200, code);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), got!["data"]!["n"]!.GetValue<string>());
        }
        Assert.Equal(200, await SendAsync(client, HttpMethod.Delete, path, null, "application/json"));
        var (deleted, status) = await cluster.SendAsync(HttpMethod.Get, path);
        Assert.Equal(404, deleted);
        Assert.Equal("NotFound", status!["reason"]!.GetValue<string>());
        Assert.Equal(name, status["details"]!["name"]!.GetValue<string>());
        Assert.Equal("configmaps", status["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task AGetAtAResourceVersionSeesAtLeastThatWriteAndAtZeroAnswersWhatTheCacheHolds()
    {
        var name = "rv-" + Guid.NewGuid().ToString("N")[..8];
        var path = $"/api/v1/namespaces/default/configmaps/{name}";
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}""");
        Assert.Equal(201, code);
        var revision = created!["metadata"]!["resourceVersion"]!.GetValue<string>();

        var (atRevision, seen) = await cluster.SendAsync(HttpMethod.Get, $"{path}?resourceVersion={revision}");
        Assert.Equal(200, atRevision);
        Assert.Equal(revision, seen!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("v", seen["data"]!["k"]!.GetValue<string>());
        // The cache has this write now, so "any state" includes it.
        var (atZero, any) = await cluster.SendAsync(HttpMethod.Get, $"{path}?resourceVersion=0");
        Assert.Equal(200, atZero);
        Assert.Equal(revision, any!["metadata"]!["resourceVersion"]!.GetValue<string>());

        var (bad, status) = await cluster.SendAsync(HttpMethod.Get, $"{path}?resourceVersion=latest");
        Assert.Equal(400, bad);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AGetAsATableHasOneRowWithTheObjectsResourceVersion()
    {
        var name = "table-" + Guid.NewGuid().ToString("N")[..8];
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"metadata":{"name":"{{{name}}}"},"data":{"a":"1","b":"2"}}""");
        Assert.Equal(201, code);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/default/configmaps/{name}");
        request.Headers.Accept.ParseAdd(TableAccept);
        using var response = await cluster.Client.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(created!["metadata"]!["resourceVersion"]!.GetValue<string>(), table["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Null(table["metadata"]!["continue"]);
        Assert.Equal(["Name", "Data", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal(name, row["cells"]![0]!.GetValue<string>());
        Assert.Equal(2, row["cells"]![1]!.GetValue<int>());
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(name, row["object"]!["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AGetThroughAnOlderServedVersionIsConvertedFromTheCachedObject()
    {
        var name = "hpa-" + Guid.NewGuid().ToString("N")[..8];
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers",
            $$$$"""
            {"metadata":{"name":"{{{{name}}}}"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},
             "minReplicas":1,"maxReplicas":4,
             "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":60}}}]}}
            """);
        Assert.True(code == 201, created?.ToJsonString());

        var (got, v1) = await cluster.SendAsync(HttpMethod.Get, $"/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/{name}");

        Assert.Equal(200, got);
        Assert.Equal("autoscaling/v1", v1!["apiVersion"]!.GetValue<string>());
        Assert.Equal(60, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Equal(created!["metadata"]!["resourceVersion"]!.GetValue<string>(), v1["metadata"]!["resourceVersion"]!.GetValue<string>());
    }

    private static async Task<int> SendAsync(HttpClient client, HttpMethod method, string path, string? body, string contentType)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));
        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }
}
