using System.Net;
using System.Text;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Http;

/// <summary>Bad requests get a Kubernetes Status with the right code and a message a person can act on, never a 500.</summary>
public sealed class BadInputTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task AnonymousRequestsGet401AsAStatus()
    {
        using var anonymous = Obs.Cli.Cluster.LocalCluster.TrustingClient(TestPki.Pki.CaCertFile);
        using var response = await anonymous.GetAsync(cluster.Server + ConfigMaps);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("\"reason\":\"Unauthorized\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task VersionAndHealthNeedNoToken()
    {
        using var anonymous = Obs.Cli.Cluster.LocalCluster.TrustingClient(TestPki.Pki.CaCertFile);
        Assert.Contains("\"minor\":\"32\"", await anonymous.GetStringAsync(cluster.Server + "/version"));
        Assert.Equal("ok", await anonymous.GetStringAsync(cluster.Server + "/readyz"));
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestWithTheParseError()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap",""");
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
        Assert.Contains("error decoding JSON", status["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedYamlIsABadRequestNamingTheLine()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n", "application/yaml");
        Assert.Equal(400, code);
        Assert.Contains("line", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task YamlBodiesAreAccepted()
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  enabled: \"yes\"\n", "application/yaml");
        Assert.Equal(201, code);
        Assert.Equal("yes", created!["data"]!["enabled"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABodyOver3MiBIs413()
    {
        var big = new StringBuilder("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"x":" """);
        big.Append('a', 3 * 1024 * 1024 + 10).Append("\"}}");
        // Over HTTP/2, as kubectl talks to it, the answer can arrive while the body is still being sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, ConfigMaps)
        {
            Content = new StringContent(big.ToString(), Encoding.UTF8, "application/json"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await cluster.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"reason\":\"RequestEntityTooLarge\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/big")).Code);
    }

    [Fact]
    public async Task AnEncodedNulInThePathIs400OverHttp1AndAStreamResetOverHttp2()
    {
        const string path = "/api/v1/namespaces/default/configmaps/a%00b";
        using var http1 = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using (var response = await cluster.Client.SendAsync(http1)) Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        // Kestrel decodes an HTTP/2 :path before the request reaches any middleware and resets the stream with
        // PROTOCOL_ERROR when the path holds %00 (Http2Stream.TryValidatePath); it has no option to answer 400
        // instead, so no code of ours can. Only that stream ends: the connection goes on serving.
        using var http2 = new HttpRequestMessage(HttpMethod.Get, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var reset = await Assert.ThrowsAsync<HttpRequestException>(() => cluster.Client.SendAsync(http2));
        Assert.Equal(0x1, Assert.IsType<HttpProtocolException>(reset.InnerException).ErrorCode);
        using var next = new HttpRequestMessage(HttpMethod.Get, ConfigMaps) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using (var response = await cluster.Client.SendAsync(next)) Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AMissingNameIsInvalidNamingTheField()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{}}""");
        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        Assert.Equal("metadata.name", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWrongKindForTheEndpointIsABadRequest()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");
        Assert.Equal(400, code);
        Assert.Contains("does not match the expected kind (ConfigMap)", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AValueOfTheWrongTypeIsABadRequestNamingTheField()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"typed"},"spec":{"replicas":"three"}}""");
        Assert.Equal(400, code);
        Assert.Contains("spec.replicas", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StrictFieldValidationRejectsUnknownAndDuplicateFields()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps + "?fieldValidation=Strict",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict","name":"again"},"dta":{}}""");
        Assert.Equal(400, code);
        var message = status!["message"]!.GetValue<string>();
        Assert.Contains("unknown field \"dta\"", message);
        Assert.Contains("duplicate field \"metadata.name\"", message);
    }

    [Fact]
    public async Task AStaleResourceVersionOnUpdateIsAConflict()
    {
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stale"}}""");
        var rv = created!["metadata"]!["resourceVersion"]!.GetValue<string>();
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"stale","resourceVersion":"{{{rv}}}"},"data":{"a":"1"}}""";
        var results = await Task.WhenAll(
            cluster.SendAsync(HttpMethod.Put, $"{ConfigMaps}/stale", body),
            cluster.SendAsync(HttpMethod.Put, $"{ConfigMaps}/stale", body.Replace("\"1\"", "\"2\"", StringComparison.Ordinal)));
        Assert.Single(results, r => r.Code == 200);
        var loser = Assert.Single(results, r => r.Code == 409);
        Assert.Equal("Conflict", loser.Body!["reason"]!.GetValue<string>());
        Assert.Contains("the object has been modified", loser.Body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DryRunCreatesNothing()
    {
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, ConfigMaps + "?dryRun=All", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dry"}}""");
        Assert.Equal(201, code);
        Assert.Equal(404, (await cluster.SendAsync(HttpMethod.Get, $"{ConfigMaps}/dry")).Code);
    }

    [Fact]
    public async Task CreatingInAMissingNamespaceIsNotFound()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""");
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"nowhere\" not found", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownPathIsNotFound()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Get, "/apis/nothing.example/v1/things");
        Assert.Equal(404, code);
        Assert.Equal("NotFound", status!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsupportedPatchTypeIs415()
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Patch, $"{ConfigMaps}/whatever", "{}", "text/plain");
        Assert.Equal(415, code);
        Assert.Equal("UnsupportedMediaType", status!["reason"]!.GetValue<string>());
    }
}
