using System.IO.Compression;
using System.Text.Json.Nodes;
using Obs.ApiServer.Compression;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Compression;

/// <summary>Gzip as kubectl meets it: large responses compressed when asked, small ones and watches not.</summary>
public sealed class ResponseCompressionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static readonly string Filler = new('x', 2048);

    /// <summary>A namespace holding enough ConfigMaps that their list passes the 128 KiB threshold.</summary>
    private async Task<string> BigNamespaceAsync(string ns)
    {
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""")).Code);
        for (var i = 0; i < 80; i++)
        {
            var body = $$$"""{"metadata":{"name":"cm-{{{i:D3}}}"},"data":{"filler":"{{{Filler}}}"}}""";
            Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body)).Code);
        }
        return $"/api/v1/namespaces/{ns}/configmaps";
    }

    private async Task<HttpResponseMessage> GetAsync(string path, bool gzip, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (gzip) request.Headers.AcceptEncoding.ParseAdd("gzip");
        return await cluster.Client.SendAsync(request, completion);
    }

    private static JsonNode Items(byte[] json) => JsonNode.Parse(json)!["items"]!;

    [Fact]
    public async Task AListOverTheThresholdIsGzippedAndDecodesToTheSameJson()
    {
        var path = await BigNamespaceAsync("gzip-big");
        using var plain = await GetAsync(path, gzip: false);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync();
        Assert.True(plainBytes.Length > ResponseCompression.ThresholdBytes, $"{plainBytes.Length} bytes");

        using var zipped = await GetAsync(path, gzip: true);
        Assert.Equal(200, (int)zipped.StatusCode);
        Assert.Equal("gzip", Assert.Single(zipped.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", zipped.Headers.Vary);
        var wire = await zipped.Content.ReadAsByteArrayAsync();
        Assert.True(wire.Length < plainBytes.Length / 4, $"{wire.Length} bytes on the wire for {plainBytes.Length}");
        await using var unzip = new GZipStream(new MemoryStream(wire), CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await unzip.CopyToAsync(decoded);
        var items = Items(decoded.ToArray());
        Assert.Equal(80, items.AsArray().Count);
        Assert.True(JsonNode.DeepEquals(Items(plainBytes), items));
    }

    [Fact]
    public async Task KubectlReadsAGzippedList()
    {
        await BigNamespaceAsync("gzip-kubectl");
        var names = await cluster.KubectlOkAsync("get", "configmaps", "-n", "gzip-kubectl", "-o", "name");
        Assert.Equal(80, names.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(n => n.StartsWith("configmap/cm-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ASmallResponseIsSentAsItIs()
    {
        using var response = await GetAsync("/api/v1/namespaces/default", gzip: true);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("default", body["metadata"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnErrorIsAPlainStatus()
    {
        using var response = await GetAsync("/api/v1/namespaces/default/configmaps/absent", gzip: true);
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal("NotFound", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWatchIsNeverCompressed()
    {
        var path = await BigNamespaceAsync("gzip-watch");
        // Its initial events alone pass the threshold: they still arrive as plain lines, as they happen.
        using var response = await GetAsync(path + "?watch=true", gzip: true, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        for (var i = 0; i < 80; i++)
        {
            var e = JsonNode.Parse((await reader.ReadLineAsync())!)!;
            Assert.Equal("ADDED", e["type"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip, deflate, br", true)]
    [InlineData("deflate, GZIP;q=0.5", true)]
    [InlineData("gzip;q=0", false)]
    [InlineData("identity", false)]
    [InlineData("", false)]
    public void GzipIsAcceptedWhenOfferedWithAQualityAboveZero(string header, bool accepted) =>
        Assert.Equal(accepted, ResponseCompression.AcceptsGzip(header));
}
