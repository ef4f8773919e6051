using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>A watch as <c>kubectl get -w</c> asks for it: each event a Table of one row, the columns in the first only.</summary>
public sealed class TableWatchTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    [Fact]
    public async Task EachEventIsATableRowAsTheListPrintsIt()
    {
        var ns = "tw" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        await CreatePodAsync(ns, "alpha");
        await using var watch = await WatchReader.OpenAsync(cluster.Client, $"/api/v1/namespaces/{ns}/pods?watch=true", TableAccept);

        var first = await watch.NextChangeAsync();
        await CreatePodAsync(ns, "beta");
        var second = await watch.NextChangeAsync();

        Assert.Equal("ADDED", first!["type"]!.GetValue<string>());
        var table = first["object"]!;
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal(9, table["columnDefinitions"]!.AsArray().Count);
        var row = table["rows"]!.AsArray().Single()!;
        Assert.Equal(["alpha", "0/1", "Pending", "0"], row["cells"]!.AsArray().Take(4).Select(c => c!.GetValue<string>()));
        Assert.Equal("PartialObjectMetadata", row["object"]!["kind"]!.GetValue<string>());
        Assert.Equal(table["metadata"]!["resourceVersion"]!.GetValue<string>(), row["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>());

        Assert.Equal("ADDED", second!["type"]!.GetValue<string>());
        Assert.Null(second["object"]!.AsObject()["columnDefinitions"]);
        // The same row as the LIST's, but for AGE, which may have ticked between the two.
        var listed = (await ListRowsAsync(ns))[1]!;
        var watched = second["object"]!["rows"]![0]!;
        Assert.Equal(WithoutAge(listed), WithoutAge(watched));
        Assert.Equal(listed["object"]!.ToJsonString(), watched["object"]!.ToJsonString());
    }

    private static IEnumerable<string> WithoutAge(JsonNode row) =>
        row["cells"]!.AsArray().Where((_, i) => i != 4).Select(c => c!.ToJsonString());

    private async Task CreatePodAsync(string ns, string name)
    {
        var manifest = $$$"""{"metadata":{"name":"{{{name}}}","labels":{"app":"w"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""";
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", manifest)).Code);
    }

    private async Task<JsonArray> ListRowsAsync(string ns)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods");
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        using var response = await cluster.Client.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]!.AsArray();
    }
}
