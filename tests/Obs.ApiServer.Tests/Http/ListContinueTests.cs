using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// <c>limit</c> and <c>continue</c> at their edges, answered as Kubernetes answers them: a limit that is not
/// positive asks for no paging, one that is not a number is a 400, a token that does not decode is a 400 and
/// so is a resourceVersion beside a token; a token with another selector continues after its key with the new one.
/// </summary>
public sealed class ListContinueTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Ns = "paging-edges";
    private const string ConfigMaps = "/api/v1/namespaces/" + Ns + "/configmaps";

    private async Task EnsureObjectsAsync()
    {
        if ((await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/" + Ns)).Code == 200) return;
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{Ns}}}"}}""")).Code);
        foreach (var (name, colour) in new[] { ("a", "red"), ("b", "blue"), ("c", "red"), ("d", "blue") })
        {
            var body = $$$$"""{"metadata":{"name":"{{{{name}}}}","labels":{"colour":"{{{{colour}}}}"}}}""";
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, ConfigMaps, body)).Code);
        }
    }

    private static List<string> Names(JsonNode list) => list["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).ToList();

    private async Task<string> FirstPageTokenAsync(string selector)
    {
        var (code, page) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector={selector}&limit=1");
        Assert.Equal(200, code);
        return page!["metadata"]!["continue"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    public async Task ALimitThatIsNotPositiveListsEverything(string limit)
    {
        await EnsureObjectsAsync();
        var (code, list) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?limit={limit}");
        Assert.Equal(200, code);
        Assert.Equal(["a", "b", "c", "d"], Names(list!));
        Assert.Null(list!["metadata"]!["continue"]);
    }

    [Fact]
    public async Task ALimitThatIsNotANumberIsABadRequest()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?limit=ten");
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("bm90IGpzb24")]
    public async Task AContinueTokenThatDoesNotDecodeIsABadRequest(string token)
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?limit=1&continue={token}");
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
        Assert.StartsWith("invalid continue token: continue key is not valid", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AResourceVersionBesideAContinueTokenIsABadRequestUnlessItIsZero()
    {
        await EnsureObjectsAsync();
        var token = Uri.EscapeDataString(await FirstPageTokenAsync("colour%3Dred"));

        var (code, status) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector=colour%3Dred&limit=1&continue={token}&resourceVersion=1");
        Assert.Equal(400, code);
        Assert.Equal("specifying resource version is not allowed when using continue", status!["message"]!.GetValue<string>());

        var (zero, page) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector=colour%3Dred&limit=1&continue={token}&resourceVersion=0");
        Assert.Equal(200, zero);
        Assert.Equal(["c"], Names(page!));
    }

    [Fact]
    public async Task AContinueTokenWithAnotherSelectorContinuesAfterItsKeyWithTheNewSelector()
    {
        await EnsureObjectsAsync();
        // The first page of colour=red ends at "a"; continued with colour=blue, it goes on after "a".
        var token = Uri.EscapeDataString(await FirstPageTokenAsync("colour%3Dred"));

        var (code, page) = await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}?labelSelector=colour%3Dblue&continue={token}");
        Assert.Equal(200, code);
        Assert.Equal(["b", "d"], Names(page!));
    }
}
