using System.Text;
using System.Text.Json.Nodes;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Auth;

/// <summary>
/// authentication.k8s.io TokenReview against a real apiserver: what a proxy or webhook that authenticates its callers
/// through the API (kube-rbac-proxy, extension apiservers) asks, with the audiences it accepts.
/// </summary>
public sealed class TokenReviewTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Path = "/apis/authentication.k8s.io/v1/tokenreviews";

    [Fact]
    public async Task AServiceAccountTokenIsItsAccountForTheAudiencesItWasMadeFor()
    {
        var ns = await NamespaceAsync();
        var token = await TokenAsync(ns, """{"audiences":["metrics-proxy"]}""");

        var (code, review) = await ReviewAsync(token, "metrics-proxy", "other");
        Assert.Equal(201, code);
        var status = review!["status"]!;
        Assert.True(status["authenticated"]!.GetValue<bool>(), review.ToJsonString());
        Assert.Equal($"system:serviceaccount:{ns}:default", status["user"]!["username"]!.GetValue<string>());
        Assert.Contains($"system:serviceaccounts:{ns}", status["user"]!["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal("""["metrics-proxy"]""", status["audiences"]!.ToJsonString());
        Assert.Equal(token, review["spec"]!["token"]!.GetValue<string>());

        // Not meant for the apiserver, whose audience a review without audiences asks about.
        var (_, forApi) = await ReviewAsync(token);
        Assert.Null(forApi!["status"]!["authenticated"]);
        Assert.Contains("invalid bearer token", forApi["status"]!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStaticTokenIsGoodForTheApiserversAudienceAlone()
    {
        var (_, plain) = await ReviewAsync(TestPki.Token);
        Assert.True(plain!["status"]!["authenticated"]!.GetValue<bool>());
        Assert.Equal("admin", plain["status"]!["user"]!["username"]!.GetValue<string>());

        var (_, elsewhere) = await ReviewAsync(TestPki.Token, "metrics-proxy");
        Assert.Null(elsewhere!["status"]!["authenticated"]);
    }

    [Fact]
    public async Task AnUnknownTokenIsNotAuthenticatedAndAMissingOneIsABadRequest()
    {
        var (code, review) = await ReviewAsync("not-a-token");
        Assert.Equal(201, code);
        Assert.Null(review!["status"]!["authenticated"]);
        Assert.Equal("{}", review["status"]!["user"]!.ToJsonString());

        var (missing, status) = await cluster.SendAsync(HttpMethod.Post, Path, """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{}}""");
        Assert.Equal(400, missing);
        Assert.Contains("token is required", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AProtobufReviewIsReadAsClientGoSendsIt()
    {
        // k8s\0, runtime.Unknown{raw(2): TokenReview{spec(2): {token(1), audiences(2)}}}.
        var spec = Concat(Field(1, Encoding.UTF8.GetBytes(TestPki.Token)));
        var body = Concat("k8s\0"u8.ToArray(), Field(2, Field(2, spec)));
        using var request = new HttpRequestMessage(HttpMethod.Post, cluster.Server + Path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/vnd.kubernetes.protobuf");
        using var response = await cluster.Client.SendAsync(request);
        var review = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(201, (int)response.StatusCode);
        Assert.True(review!["status"]!["authenticated"]!.GetValue<bool>(), review.ToJsonString());
    }

    [Fact]
    public async Task OnlyAnAccountBoundToAuthDelegatorMayAsk()
    {
        var ns = await NamespaceAsync();
        var token = await TokenAsync(ns);
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, token);
        async Task<int> AskAsync()
        {
            using var content = new StringContent($$$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"{{{token}}}"}}""", Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(cluster.Server + Path, content);
            return (int)response.StatusCode;
        }
        Assert.Equal(403, await AskAsync());

        var (bound, _) = await cluster.SendAsync(HttpMethod.Post, "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings",
            $$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"{{ns}}-delegator"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"system:auth-delegator"},"subjects":[{"kind":"ServiceAccount","name":"default","namespace":"{{ns}}"}]}""");
        Assert.Equal(201, bound);
        var code = 0;
        for (var i = 0; i < 200 && (code = await AskAsync()) != 201; i++) await Task.Delay(50);
        Assert.Equal(201, code);
    }

    private async Task<string> NamespaceAsync()
    {
        var ns = $"tr-{Guid.NewGuid():N}"[..12];
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        Assert.Equal(201, code);
        return ns;
    }

    private async Task<string> TokenAsync(string ns, string spec = "{}")
    {
        (int Code, JsonNode? Body) issued = default;
        // The namespace's default account is made by the apiserver a moment after the namespace.
        for (var i = 0; i < 200 && issued.Code != 201; i++)
        {
            if (i > 0) await Task.Delay(50);
            issued = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/default/token",
                $$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{{spec}}}""");
        }
        Assert.True(issued.Code == 201, issued.Body?.ToJsonString());
        return issued.Body!["status"]!["token"]!.GetValue<string>();
    }

    private Task<(int Code, JsonNode? Body)> ReviewAsync(string token, params string[] audiences) =>
        cluster.SendAsync(HttpMethod.Post, Path, new JsonObject
        {
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["kind"] = "TokenReview",
            ["spec"] = audiences.Length == 0
                ? new JsonObject { ["token"] = token }
                : new JsonObject { ["token"] = token, ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]) },
        }.ToJsonString());

    private static byte[] Field(int number, byte[] value) => Concat([(byte)(number << 3 | 2)], Varint(value.Length), value);

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        for (; value >= 0x80; value >>= 7) bytes.Add((byte)(value | 0x80));
        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
