using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Auth;

/// <summary>The self reviews over HTTP, as a client other than kubectl sends them (JSON, its spec echoed).</summary>
public sealed class SelfReviewsTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    [Fact]
    public async Task AnAccessReviewIsAllowedWithTheReasonAndItsSpecEchoed()
    {
        var (code, review) = await cluster.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"get","resource":"secrets","namespace":"x"}}}""");
        Assert.Equal(201, code);
        Assert.Equal("SelfSubjectAccessReview", review!["kind"]!.GetValue<string>());
        Assert.Equal("secrets", review["spec"]!["resourceAttributes"]!["resource"]!.GetValue<string>());
        Assert.True(review["status"]!["allowed"]!.GetValue<bool>());
        // The admin token's user is in system:masters, which may do everything.
        Assert.Contains("system:masters", review["status"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task WhoamiNamesTheTokensUser()
    {
        var (code, review) = await cluster.SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""");
        Assert.Equal(201, code);
        Assert.Equal("admin", review!["status"]!["userInfo"]!["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task OnlyCreateIsServedAndABadBodyIsABadRequest()
    {
        var (get, _) = await cluster.SendAsync(HttpMethod.Get, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews");
        Assert.Equal(405, get);
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews", "{not json");
        Assert.Equal(400, code);
        Assert.Equal("Status", body!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiscoveryListsTheReviewsWithCreateAlone()
    {
        var (code, list) = await cluster.SendAsync(HttpMethod.Get, "/apis/authorization.k8s.io/v1");
        Assert.Equal(200, code);
        var resources = ((JsonArray)list!["resources"]!).OfType<JsonObject>().ToList();
        Assert.Equal(["localsubjectaccessreviews", "selfsubjectaccessreviews", "selfsubjectrulesreviews", "subjectaccessreviews"], resources.Select(r => r["name"]!.GetValue<string>()).Order());
        Assert.Equal(["localsubjectaccessreviews"], resources.Where(r => r["namespaced"]!.GetValue<bool>()).Select(r => r["name"]!.GetValue<string>()));
        Assert.All(resources, r => Assert.Equal("[\"create\"]", r["verbs"]!.ToJsonString()));
        // kubectl reads the aggregated document; `api-resources` lists what it finds there.
        var output = await cluster.KubectlOkAsync("api-resources", "--api-group=authentication.k8s.io");
        Assert.Contains("SelfSubjectReview", output);
        Assert.Contains("selfsubjectaccessreviews", await cluster.KubectlOkAsync("api-resources", "--verbs=create", "--api-group=authorization.k8s.io"));
        // A review cannot be listed, so `kubectl get` of every listable kind does not trip on them.
        Assert.DoesNotContain("selfsubject", await cluster.KubectlOkAsync("api-resources", "--verbs=list", "-o", "name"));
    }
}
