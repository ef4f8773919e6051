using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>LIST as kubectl get asks for it: a meta.k8s.io Table, with the row's object as asked (includeObject).</summary>
public sealed class TableListTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    private async Task<string> NamespaceWithPodsAsync(params string[] pods)
    {
        var ns = "tbl" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        foreach (var pod in pods)
        {
            var manifest = $$$"""{"metadata":{"name":"{{{pod}}}","labels":{"app":"table"}},"spec":{"containers":[{"name":"c","image":"busybox","command":["sleep","3600"]}]}}""";
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", manifest)).Code);
        }
        return ns;
    }

    private async Task<JsonObject> GetTableAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(TableAccept);
        using var response = await cluster.Client.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task PodsListAsATableWithKubectlsColumnsAndPartialMetadataRows()
    {
        var ns = await NamespaceWithPodsAsync("alpha", "beta");
        var table = await GetTableAsync($"/api/v1/namespaces/{ns}/pods");

        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(table["metadata"]!["resourceVersion"]!.GetValue<string>()));
        var columns = table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age"], columns.Take(5));
        var rows = table["rows"]!.AsArray();
        Assert.Equal(2, rows.Count);
        var cells = rows[0]!["cells"]!.AsArray();
        Assert.Equal(columns.Count, cells.Count);
        Assert.Equal(["alpha", "0/1", "Pending", "0"], cells.Take(4).Select(c => c!.GetValue<string>()));
        var obj = rows[1]!["object"]!;
        Assert.Equal("PartialObjectMetadata", obj["kind"]!.GetValue<string>());
        Assert.Equal("beta", obj["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("table", obj["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Null(obj["spec"]);
    }

    [Fact]
    public async Task PartialMetadataRowsCarryEachPodsMetadataAsStored()
    {
        var ns = await NamespaceWithPodsAsync("gamma", "delta");
        var table = await GetTableAsync($"/api/v1/namespaces/{ns}/pods");
        var list = (await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods")).Body!;

        var listed = list["items"]!.AsArray().Select(p => p!["metadata"]!.ToJsonString());
        var rows = table["rows"]!.AsArray().Select(r => r!["object"]!["metadata"]!.ToJsonString());
        Assert.Equal(listed, rows);
    }

    [Fact]
    public async Task IncludeObjectChoosesTheWholeObjectOrNone()
    {
        var ns = await NamespaceWithPodsAsync("whole");
        var withObject = await GetTableAsync($"/api/v1/namespaces/{ns}/pods?includeObject=Object");
        var pod = withObject["rows"]![0]!["object"]!;
        Assert.Equal("Pod", pod["kind"]!.GetValue<string>());
        Assert.Equal("sleep", pod["spec"]!["containers"]![0]!["command"]![0]!.GetValue<string>());

        var without = await GetTableAsync($"/api/v1/namespaces/{ns}/pods?includeObject=None");
        Assert.Null(without["rows"]![0]!.AsObject()["object"]);
    }

    [Fact]
    public async Task ATablePagedWithLimitCarriesTheContinueTokenAndTheRestFollows()
    {
        var ns = await NamespaceWithPodsAsync("p1", "p2", "p3");
        var first = await GetTableAsync($"/api/v1/namespaces/{ns}/pods?limit=2");
        Assert.Equal(["p1", "p2"], first["rows"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<string>()));
        var next = first["metadata"]!["continue"]!.GetValue<string>();
        var rest = await GetTableAsync($"/api/v1/namespaces/{ns}/pods?limit=2&continue={Uri.EscapeDataString(next)}");
        Assert.Equal(["p3"], rest["rows"]!.AsArray().Select(r => r!["cells"]![0]!.GetValue<string>()));
        Assert.Null(rest["metadata"]!.AsObject()["continue"]);
    }
}
