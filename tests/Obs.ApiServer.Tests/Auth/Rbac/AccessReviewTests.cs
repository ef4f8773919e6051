using System.Text.Json.Nodes;
using static Obs.ApiServer.Tests.Auth.Rbac.RbacTestCluster;

namespace Obs.ApiServer.Tests.Auth.Rbac;

/// <summary>The access reviews and impersonation answering what RBAC decides.</summary>
public sealed class AccessReviewTests(RbacTestCluster rbac) : IClassFixture<RbacTestCluster>
{
    private const string SelfAccessReviews = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

    private static string Review(string verb, string resource, string ns) =>
        new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "SelfSubjectAccessReview",
            ["spec"] = new JsonObject { ["resourceAttributes"] = new JsonObject { ["verb"] = verb, ["resource"] = resource, ["namespace"] = ns } },
        }.ToJsonString();

    [Fact]
    public async Task ASelfSubjectAccessReviewSaysWhatTheUserMayDo()
    {
        await rbac.NamespaceAsync("review");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/review/rolebindings", RoleBinding("review", "bob-view", "ClusterRole", "view", User("bob")));
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(BobToken, HttpMethod.Get, "/api/v1/namespaces/review/pods")));

        var (code, allowed) = await rbac.SendAsAsync(BobToken, HttpMethod.Post, SelfAccessReviews, Review("list", "pods", "review"));
        Assert.Equal(201, code);
        Assert.True(allowed!["status"]!["allowed"]!.GetValue<bool>());
        var (_, denied) = await rbac.SendAsAsync(BobToken, HttpMethod.Post, SelfAccessReviews, Review("delete", "pods", "review"));
        Assert.False(denied!["status"]!["allowed"]!.GetValue<bool>());
        var (_, elsewhere) = await rbac.SendAsAsync(BobToken, HttpMethod.Post, SelfAccessReviews, Review("list", "pods", "default"));
        Assert.False(elsewhere!["status"]!["allowed"]!.GetValue<bool>());

        var (_, rules) = await rbac.SendAsAsync(BobToken, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectRulesReview","spec":{"namespace":"review"}}""");
        var resources = ((JsonArray)rules!["status"]!["resourceRules"]!).SelectMany(r => ((JsonArray)r!["resources"]!).Select(x => x!.GetValue<string>())).ToList();
        Assert.Contains("pods", resources);
        Assert.Contains("selfsubjectaccessreviews", resources);
        Assert.DoesNotContain("secrets", resources);
    }

    [Fact]
    public async Task ANamespaceAdminAsksALocalSubjectAccessReviewAboutItsOwnNamespaceOnly()
    {
        await rbac.NamespaceAsync("local-review");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/local-review/rolebindings", RoleBinding("local-review", "alice-admin", "ClusterRole", "admin", User("alice")));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/local-review/rolebindings", RoleBinding("local-review", "bob-view", "ClusterRole", "view", User("bob")));
        const string path = "/apis/authorization.k8s.io/v1/namespaces/local-review/localsubjectaccessreviews";
        static string Local(string verb, string ns, string user) => new JsonObject
        {
            ["apiVersion"] = "authorization.k8s.io/v1",
            ["kind"] = "LocalSubjectAccessReview",
            ["metadata"] = new JsonObject { ["namespace"] = "local-review" },
            ["spec"] = new JsonObject { ["user"] = user, ["resourceAttributes"] = new JsonObject { ["verb"] = verb, ["resource"] = "pods", ["namespace"] = ns } },
        }.ToJsonString();
        // admin includes creating local reviews; asking about bob tells what bob's view allows there.
        Assert.Equal(201, await rbac.EventuallyAsync(201, () => rbac.SendAsAsync(AliceToken, HttpMethod.Post, path, Local("list", "local-review", "bob"))));
        var (_, allowed) = await rbac.SendAsAsync(AliceToken, HttpMethod.Post, path, Local("list", "local-review", "bob"));
        Assert.Equal(("LocalSubjectAccessReview", "local-review"), (allowed!["kind"]!.GetValue<string>(), allowed["metadata"]!["namespace"]!.GetValue<string>()));
        Assert.True(allowed["status"]!["allowed"]!.GetValue<bool>());
        var (_, denied) = await rbac.SendAsAsync(AliceToken, HttpMethod.Post, path, Local("delete", "local-review", "bob"));
        Assert.False(denied!["status"]!["allowed"]!.GetValue<bool>());

        // Another namespace, or a URL, is not a local question.
        var (code, invalid) = await rbac.SendAsAsync(AliceToken, HttpMethod.Post, path, Local("list", "default", "bob"));
        Assert.Equal(422, code);
        Assert.Equal("spec.resourceAttributes.namespace", invalid!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        var (urlCode, _) = await rbac.SendAsAsync(AliceToken, HttpMethod.Post, path,
            """{"apiVersion":"authorization.k8s.io/v1","kind":"LocalSubjectAccessReview","spec":{"user":"bob","nonResourceAttributes":{"verb":"get","path":"/healthz"}}}""");
        Assert.Equal(422, urlCode);
        // view does not include asking.
        var (forbidden, _) = await rbac.SendAsAsync(BobToken, HttpMethod.Post, path, Local("list", "local-review", "bob"));
        Assert.Equal(403, forbidden);
        // kubectl lists it, namespaced.
        Assert.Contains("localsubjectaccessreviews", await rbac.Cluster.KubectlOkAsync("api-resources", "--namespaced=true", "--api-group=authorization.k8s.io"));
    }

    [Fact]
    public async Task KubectlCanIAsAnotherUserTellsTheTruth()
    {
        await rbac.NamespaceAsync("can-i");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/can-i/rolebindings", RoleBinding("can-i", "carol-edit", "ClusterRole", "edit", User("carol")));
        Assert.Equal(200, await rbac.EventuallyAsync(200, () => rbac.SendAsAsync(CarolToken, HttpMethod.Get, "/api/v1/namespaces/can-i/secrets")));

        Assert.Equal("yes", (await rbac.Cluster.KubectlOkAsync("auth", "can-i", "create", "deployments", "-n", "can-i", "--as", "carol")).Trim());
        var no = await rbac.Cluster.KubectlAsync("auth", "can-i", "create", "roles", "-n", "can-i", "--as", "carol");
        Assert.Equal(1, no.ExitCode);
        Assert.Equal("no", no.StdOut.Trim());
        Assert.Equal("no", (await rbac.Cluster.KubectlAsync("auth", "can-i", "get", "pods", "-n", "default", "--as", "carol")).StdOut.Trim());
        var list = await rbac.Cluster.KubectlOkAsync("auth", "can-i", "--list", "-n", "can-i", "--as", "carol");
        Assert.Contains("deployments.apps", list);
        Assert.Contains("secrets", list);
        // The admin's own answer: everything.
        Assert.Equal("yes", (await rbac.Cluster.KubectlOkAsync("auth", "can-i", "delete", "nodes")).Trim());
    }

    [Fact]
    public async Task KubectlShowsTheForbiddenMessageOfARefusedGet()
    {
        var result = await rbac.Cluster.KubectlAsync("get", "pods", "-n", "default", "--token", BobToken);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Error from server (Forbidden): pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", result.StdErr);
        // Bob may still ask what he may do, as every authenticated user may.
        Assert.Equal("no", (await rbac.Cluster.KubectlAsync("auth", "can-i", "list", "pods", "-n", "default", "--token", BobToken)).StdOut.Trim());
        Assert.Contains("bob", (await rbac.Cluster.KubectlOkAsync("auth", "whoami", "--token", BobToken)));
    }

    [Fact]
    public async Task ASubjectAccessReviewAnswersForTheUserAndGroupsItNames()
    {
        await rbac.NamespaceAsync("sar");
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/sar/rolebindings",
            RoleBinding("sar", "ops-view", "ClusterRole", "view", """[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"ops"}]"""));
        string Sar(string groups) =>
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"dave","groups":GROUPS,"resourceAttributes":{"verb":"list","resource":"pods","namespace":"sar"}}}""".Replace("GROUPS", groups, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonNode? review;
        do (_, review) = await rbac.Cluster.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", Sar("""["ops"]"""));
        while (review!["status"]!["allowed"]!.GetValue<bool>() is false && DateTime.UtcNow < deadline);
        Assert.True(review["status"]!["allowed"]!.GetValue<bool>());
        var (_, other) = await rbac.Cluster.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", Sar("[]"));
        Assert.False(other!["status"]!["allowed"]!.GetValue<bool>());
        // Asking about others is not every user's to do.
        Assert.Equal(403, (await rbac.SendAsAsync(BobToken, HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", Sar("[]"))).Code);
    }

    [Fact]
    public async Task ImpersonationNeedsTheImpersonateVerb()
    {
        var asAdmin = new Dictionary<string, string[]> { ["Impersonate-User"] = ["admin"], ["Impersonate-Group"] = ["system:masters"] };
        var (code, status) = await rbac.SendAsAsync(BobToken, HttpMethod.Get, "/api/v1/nodes", headers: asAdmin);
        Assert.Equal(403, code);
        Assert.Equal("users \"admin\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", status!["message"]!.GetValue<string>());

        // The admin may impersonate anyone, and then has only their rights.
        var (asBob, _) = await rbac.Cluster.SendAsync(HttpMethod.Get, "/api/v1/nodes");
        Assert.Equal(200, asBob);
        var (code2, whoami) = await rbac.SendAsAsync(Obs.Testing.TestPki.Token, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews",
            """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", new Dictionary<string, string[]> { ["Impersonate-User"] = ["bob"], ["Impersonate-Group"] = ["devs"] });
        Assert.Equal(201, code2);
        Assert.Equal("bob", whoami!["status"]!["userInfo"]!["username"]!.GetValue<string>());
        Assert.Equal(403, (await rbac.SendAsAsync(Obs.Testing.TestPki.Token, HttpMethod.Get, "/api/v1/nodes", headers: new Dictionary<string, string[]> { ["Impersonate-User"] = ["bob"] })).Code);
    }

    [Fact]
    public async Task ImpersonatedExtraNeedsTheImpersonateVerbOnEachValueAndIsReported()
    {
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles", ClusterRole("impersonate-dave-read", """
            [{"apiGroups":[""],"resources":["users"],"resourceNames":["dave"],"verbs":["impersonate"]},
             {"apiGroups":["authentication.k8s.io"],"resources":["userextras/scopes"],"resourceNames":["read"],"verbs":["impersonate"]}]
            """));
        await rbac.CreateAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", ClusterRoleBinding("carol-impersonates-dave", "impersonate-dave-read", User("carol")));
        const string whoami = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
        const string review = """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""";
        var asDaveReading = new Dictionary<string, string[]> { ["Impersonate-User"] = ["dave"], ["Impersonate-Extra-Scopes"] = ["read"] };
        Assert.Equal(201, await rbac.EventuallyAsync(201, () => rbac.SendAsAsync(CarolToken, HttpMethod.Post, whoami, review, asDaveReading)));
        var (_, dave) = await rbac.SendAsAsync(CarolToken, HttpMethod.Post, whoami, review, asDaveReading);
        Assert.Equal("dave", dave!["status"]!["userInfo"]!["username"]!.GetValue<string>());
        Assert.Equal("""{"scopes":["read"]}""", dave["status"]!["userInfo"]!["extra"]!.ToJsonString());

        var (denied, status) = await rbac.SendAsAsync(CarolToken, HttpMethod.Post, whoami, review,
            new Dictionary<string, string[]> { ["Impersonate-User"] = ["dave"], ["Impersonate-Extra-Scopes"] = ["read", "write"] });
        Assert.Equal(403, denied);
        Assert.Contains("cannot impersonate resource \"userextras/scopes\" in API group \"authentication.k8s.io\"", status!["message"]!.GetValue<string>());
        var (alone, _) = await rbac.SendAsAsync(CarolToken, HttpMethod.Post, whoami, review, new Dictionary<string, string[]> { ["Impersonate-Extra-Scopes"] = ["read"] });
        Assert.Equal(400, alone);
    }
}
