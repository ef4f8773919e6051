using System.Buffers.Text;
using System.Text.Json.Nodes;
using Obs.Cli.Cluster;
using Obs.Testing;

namespace Obs.ApiServer.Tests.ServiceAccounts;

/// <summary>
/// <c>POST serviceaccounts/{name}/token</c> against a real apiserver, and the tokens it issues used
/// as bearer tokens: what <c>kubectl create token</c> and a pod's own API calls rely on.
/// Each test works in a namespace of its own.
/// </summary>
public sealed class TokenRequestTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task<string> NamespaceWithAccountAsync(string ns, string account = "default")
    {
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{ns}}}"}}""");
        Assert.Equal(201, code);
        // Every namespace comes with its default account, as in Kubernetes; any other is made here.
        var (created, sa) = account == "default"
            ? await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/serviceaccounts/default")
            : await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts",
                $$$"""{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"{{{account}}}"}}""");
        Assert.Equal(account == "default" ? 200 : 201, created);
        await GrantViewAsync(ns);
        return sa!["metadata"]!["uid"]!.GetValue<string>();
    }

    /// <summary>
    /// What a Kubernetes user writes for tokens to read the namespace: the <c>view</c> ClusterRole bound to its
    /// service accounts' group. Waits until the apiserver's watch cache holds the binding (a SubjectAccessReview says so).
    /// </summary>
    private async Task GrantViewAsync(string ns)
    {
        var (bound, _) = await cluster.SendAsync(HttpMethod.Post, $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/rolebindings",
            $$$"""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding","metadata":{"name":"accounts-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"system:serviceaccounts:{{{ns}}}"}]}""");
        Assert.Equal(201, bound);
        var review = """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"system:serviceaccount:NS:default","groups":["system:serviceaccounts:NS"],"resourceAttributes":{"verb":"get","resource":"pods","namespace":"NS"}}}"""
            .Replace("NS", ns, StringComparison.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            var (_, answer) = await cluster.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", review);
            if (answer?["status"]?["allowed"]?.GetValue<bool>() == true) return;
            await Task.Delay(50);
        }
        Assert.Fail($"the binding in {ns} never applied");
    }

    private Task<(int Code, JsonNode? Body)> RequestTokenAsync(string ns, string account, string spec = "{}") =>
        cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts/{account}/token",
            $$"""{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{{spec}}}""");

    private async Task<string> TokenAsync(string ns, string account, string spec = "{}")
    {
        var (code, body) = await RequestTokenAsync(ns, account, spec);
        Assert.True(code == 201, body?.ToJsonString());
        return body!["status"]!["token"]!.GetValue<string>();
    }

    /// <summary>GET with the token as the bearer: the status code and the body.</summary>
    private async Task<(int Code, JsonNode? Body)> GetAsAsync(string token, string path)
    {
        using var client = LocalCluster.TrustingClient(TestPki.Pki.CaCertFile, token);
        using var response = await client.GetAsync(cluster.Server + path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private static JsonNode Payload(string token) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;

    [Fact]
    public async Task KubectlCreateTokenPrintsATokenThatReadsTheApiAsTheServiceAccount()
    {
        var uid = await NamespaceWithAccountAsync("sa-kubectl");

        var token = (await cluster.KubectlOkAsync("create", "token", "default", "-n", "sa-kubectl")).Trim();

        var (code, sa) = await GetAsAsync(token, "/api/v1/namespaces/sa-kubectl/serviceaccounts/default");
        Assert.Equal(200, code);
        Assert.Equal(uid, sa!["metadata"]!["uid"]!.GetValue<string>());
        var claims = Payload(token);
        Assert.Equal("system:serviceaccount:sa-kubectl:default", claims["sub"]!.GetValue<string>());
        Assert.Equal("sa-kubectl", claims["kubernetes.io"]!["namespace"]!.GetValue<string>());
        Assert.Equal(uid, claims["kubernetes.io"]!["serviceaccount"]!["uid"]!.GetValue<string>());
        Assert.Equal(3600, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
    }

    [Fact]
    public async Task KubectlCreateTokenWithADurationAndAudienceIssuesThatToken()
    {
        await NamespaceWithAccountAsync("sa-duration");

        var token = (await cluster.KubectlOkAsync("create", "token", "default", "-n", "sa-duration", "--duration", "2h", "--audience", "vault")).Trim();

        var claims = Payload(token);
        Assert.Equal(7200, claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>());
        Assert.Equal(["vault"], claims["aud"]!.AsArray().Select(a => a!.GetValue<string>()));
        // A token meant for another audience is no credential for the apiserver.
        Assert.Equal(401, (await GetAsAsync(token, "/api/v1/namespaces/sa-duration/serviceaccounts")).Code);
    }

    [Fact]
    public async Task TheResponseCarriesTheTokenItsExpiryAndTheDefaultedSpec()
    {
        await NamespaceWithAccountAsync("sa-response");

        var (code, body) = await RequestTokenAsync("sa-response", "default");

        Assert.Equal(201, code);
        Assert.Equal("TokenRequest", body!["kind"]!.GetValue<string>());
        Assert.Equal(3600, body["spec"]!["expirationSeconds"]!.GetValue<long>());
        Assert.Equal("https://kubernetes.default.svc.cluster.local", body["spec"]!["audiences"]![0]!.GetValue<string>());
        var expires = DateTimeOffset.Parse(body["status"]!["expirationTimestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Payload(body["status"]!["token"]!.GetValue<string>())["exp"]!.GetValue<long>(), expires.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task ATokenStopsAuthenticatingOnceItsServiceAccountIsDeletedEvenWhenOneOfTheSameNameReturns()
    {
        await NamespaceWithAccountAsync("sa-revoked", "robot");
        var token = await TokenAsync("sa-revoked", "robot");
        Assert.Equal(200, (await GetAsAsync(token, "/api/v1/namespaces/sa-revoked/serviceaccounts")).Code);

        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/sa-revoked/serviceaccounts/robot")).Code);
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/sa-revoked/serviceaccounts",
            """{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"robot"}}""")).Code);

        var (code, status) = await AwaitUnauthorizedAsync(token, "/api/v1/namespaces/sa-revoked/serviceaccounts");
        Assert.Equal(401, code);
        Assert.Equal("Status", status!["kind"]!.GetValue<string>());
        Assert.Equal("Unauthorized", status["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenBoundToAPodAuthenticatesUntilThePodIsDeleted()
    {
        await NamespaceWithAccountAsync("sa-bound");
        var (podCode, pod) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/sa-bound/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        Assert.Equal(201, podCode);
        var podUid = pod!["metadata"]!["uid"]!.GetValue<string>();

        var token = await TokenAsync("sa-bound", "default", $$$"""{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web","uid":"{{{podUid}}}"}}""");

        var bound = Payload(token)["kubernetes.io"]!["pod"]!;
        Assert.Equal("web", bound["name"]!.GetValue<string>());
        Assert.Equal(podUid, bound["uid"]!.GetValue<string>());
        var (code, self) = await GetAsAsync(token, "/api/v1/namespaces/sa-bound/pods/web");
        Assert.Equal(200, code);
        Assert.Equal(podUid, self!["metadata"]!["uid"]!.GetValue<string>());

        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/sa-bound/pods/web?gracePeriodSeconds=0")).Code);
        Assert.Equal(401, (await AwaitUnauthorizedAsync(token, "/api/v1/namespaces/sa-bound/pods")).Code);
    }

    [Fact]
    public async Task BindingToAPodOfAnotherUidIsAConflict()
    {
        await NamespaceWithAccountAsync("sa-stale");
        Assert.Equal(201, (await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/sa-stale/pods",
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""")).Code);

        var (code, status) = await RequestTokenAsync("sa-stale", "default", """{"boundObjectRef":{"kind":"Pod","apiVersion":"v1","name":"web","uid":"not-this-one"}}""");

        Assert.Equal(409, code);
        Assert.Contains("does not match the UID in record", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AShortExpiryAndAnUnsupportedBoundKindAreInvalidNamingTheirFields()
    {
        await NamespaceWithAccountAsync("sa-invalid");

        var (code, status) = await RequestTokenAsync("sa-invalid", "default", """{"expirationSeconds":60,"boundObjectRef":{"kind":"Deployment","name":"x"}}""");

        Assert.Equal(422, code);
        Assert.Equal("Invalid", status!["reason"]!.GetValue<string>());
        var fields = status["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).ToList();
        Assert.Contains("spec.expirationSeconds", fields);
        Assert.Contains("spec.boundObjectRef.kind", fields);
    }

    [Fact]
    public async Task ATokenForAServiceAccountThatDoesNotExistIsNotFound()
    {
        await NamespaceWithAccountAsync("sa-missing");

        var (code, status) = await RequestTokenAsync("sa-missing", "nobody");

        Assert.Equal(404, code);
        Assert.Equal("serviceaccounts \"nobody\" not found", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATamperedTokenIsUnauthorized()
    {
        await NamespaceWithAccountAsync("sa-tampered");
        var token = await TokenAsync("sa-tampered", "default");
        var parts = token.Split('.');
        var claims = Payload(token);
        claims["sub"] = "system:serviceaccount:kube-system:admin";
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(claims.ToJsonString()))}.{parts[2]}";

        var (code, status) = await GetAsAsync(forged, "/api/v1/namespaces/sa-tampered/serviceaccounts");

        Assert.Equal(401, code);
        Assert.Equal("Unauthorized", status!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ATokenIssuedBeforeARestartStillAuthenticatesAfterIt()
    {
        await NamespaceWithAccountAsync("sa-restart");
        var token = await TokenAsync("sa-restart", "default");

        await cluster.RestartAsync();

        Assert.Equal(200, (await GetAsAsync(token, "/api/v1/namespaces/sa-restart/serviceaccounts/default")).Code);
    }

    /// <summary>Deletions reach the watch cache through the change feed, a moment after the write answers.</summary>
    private async Task<(int Code, JsonNode? Body)> AwaitUnauthorizedAsync(string token, string path)
    {
        for (var i = 0; ; i++)
        {
            var result = await GetAsAsync(token, path);
            if (result.Code == 401 || i == 100) return result;
            await Task.Delay(50);
        }
    }
}
