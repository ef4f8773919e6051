using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>
/// The real kubectl applying a manifest of a kind this cluster does not serve: its validation reads OpenAPI v2 for a group
/// version that v3 lacks, and now finds an empty document, so kubectl tells the user what Kubernetes would.
/// </summary>
public sealed class OpenApiV2Tests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task ApplyingAKindTheClusterDoesNotServeSaysNoMatchesForTheKind()
    {
        var custom = cluster.Manifest("widget.yaml", """
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: w}
            spec: {size: 3}
            """);
        var removed = cluster.Manifest("old-ingress.yaml", """
            apiVersion: extensions/v1beta1
            kind: Ingress
            metadata: {name: old}
            spec: {backend: {serviceName: web, servicePort: 80}}
            """);

        var widget = await cluster.KubectlAsync("apply", "-f", custom);
        var ingress = await cluster.KubectlAsync("apply", "-f", removed);

        Assert.NotEqual(0, widget.ExitCode);
        Assert.True(widget.StdErr.Contains("no matches for kind \"Widget\" in version \"example.com/v1\"", StringComparison.Ordinal), widget.ToString());
        Assert.Contains("ensure CRDs are installed first", widget.StdErr);
        Assert.NotEqual(0, ingress.ExitCode);
        Assert.True(ingress.StdErr.Contains("no matches for kind \"Ingress\" in version \"extensions/v1beta1\"", StringComparison.Ordinal), ingress.ToString());
    }

    [Fact]
    public async Task AJsonReaderGetsAnEmptySwaggerDocument()
    {
        var (code, document) = await cluster.SendAsync(HttpMethod.Get, "/openapi/v2");

        Assert.Equal(200, code);
        Assert.Equal("2.0", document!["swagger"]!.GetValue<string>());
        Assert.Empty(document["definitions"]!.AsObject());
    }
}
