using Obs.Testing;
using static Obs.ApiServer.Tests.Webhooks.WebhookFixture;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>
/// Webhooks' <c>matchConditions</c> over a real apiserver and a real HTTPS webhook: the webhook is called only when
/// every condition holds, a condition that fails to evaluate is the webhook's failure, and a configuration whose
/// condition is not CEL is refused when written.
/// </summary>
public sealed class MatchConditionTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private TestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task AWebhookIsCalledOnlyForWritesWhereEveryConditionHolds()
    {
        await fixture.NamespaceAsync("wh-cond");
        fixture.Server.Answer("/cond-deny", _ => Denied("guarded"));
        const string Conditions = """
            ,"matchConditions":[
              {"name":"not-exempt","expression":"!has(object.metadata.labels) || !('exempt' in object.metadata.labels)"},
              {"name":"by-admin","expression":"request.userInfo.username == 'admin' && request.operation == 'CREATE'"}]
            """;
        await fixture.InstallAsync(false, "wh-cond", fixture.Hook("cond.wh-cond.example.com", "wh-cond", "/cond-deny", extra: Conditions));

        var (exempt, _) = await fixture.CreatePodAsync("wh-cond", "exempt", labels: """{"exempt":"yes"}""");
        var (guarded, body) = await fixture.CreatePodAsync("wh-cond", "guarded", labels: """{"app":"web"}""");

        Assert.Equal(201, exempt);
        Assert.Equal(403, guarded);
        Assert.Contains("guarded", (string?)body!["message"]);
        var called = Assert.Single(fixture.Server.RequestsTo("/cond-deny"));
        Assert.Equal("guarded", (string?)called["name"]);
    }

    [Fact]
    public async Task AConditionThatFailsToEvaluateFailsTheWebhookAsItsPolicySays()
    {
        await fixture.NamespaceAsync("wh-cond-err");
        // The ConfigMap's data has no key "missing": selecting it is an error, not false.
        const string Broken = ""","matchConditions":[{"name":"node","expression":"object.data.missing == 'x'"}]""";
        await fixture.InstallAsync(false, "wh-cond-err",
            fixture.Hook("fail.wh-cond-err.example.com", "wh-cond-err", "/cond-allow", ConfigMapsAll, Broken + ""","objectSelector":{"matchLabels":{"policy":"Fail"}}"""),
            fixture.Hook("ignore.wh-cond-err.example.com", "wh-cond-err", "/cond-allow", ConfigMapsAll,
                Broken + ""","failurePolicy":"Ignore","objectSelector":{"matchLabels":{"policy":"Ignore"}}"""));

        var (failed, status) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/wh-cond-err/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict","labels":{"policy":"Fail"}},"data":{"a":"1"}}""");
        var (ignored, _) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/wh-cond-err/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"lenient","labels":{"policy":"Ignore"}},"data":{"a":"1"}}""");

        Assert.Equal(500, failed);
        Assert.Contains("failed calling webhook \"fail.wh-cond-err.example.com\": failed evaluating match conditions: node:", (string?)status!["message"]);
        Assert.Equal(201, ignored);
        Assert.Empty(fixture.Server.RequestsTo("/cond-allow"));
    }

    [Fact]
    public async Task AMutatingWebhookItsConditionsSkippedIsNotReinvokedWhenALaterPatchMakesThemHold()
    {
        await fixture.NamespaceAsync("wh-cond-again");
        fixture.Server.Answer("/cond-late", _ => Allowed());
        fixture.Server.Answer("/cond-stamp", _ => Patched("""[{"op":"add","path":"/metadata/labels/stamped","value":"yes"}]"""));
        // Kubernetes calls again only a webhook it called: the first is skipped in the first round, so never called.
        await fixture.InstallAsync(true, "wh-cond-again",
            fixture.Hook("late.wh-cond-again.example.com", "wh-cond-again", "/cond-late",
                extra: ""","reinvocationPolicy":"IfNeeded","matchConditions":[{"name":"stamped","expression":"'stamped' in object.metadata.labels"}]"""),
            fixture.Hook("stamp.wh-cond-again.example.com", "wh-cond-again", "/cond-stamp"));

        var (code, body) = await fixture.CreatePodAsync("wh-cond-again", "p", labels: """{"app":"web"}""");

        Assert.True(code == 201, body?.ToJsonString());
        Assert.Equal("yes", (string?)body!["metadata"]!["labels"]!["stamped"]);
        Assert.Single(fixture.Server.RequestsTo("/cond-stamp"));
        Assert.Empty(fixture.Server.RequestsTo("/cond-late"));
    }

    [Fact]
    public async Task AnAuthorizerConditionIsAnsweredFromTheRequestersRbacBindings()
    {
        await fixture.NamespaceAsync("wh-cond-authz");
        await AdmissionPolicies.SecretListerGrants.GrantAsync(Cluster, "wh-cond-authz");
        fixture.Server.Answer("/cond-authz", _ => Denied("secret listers are checked"));
        await fixture.InstallAsync(false, "wh-cond-authz", fixture.Hook("authz.wh-cond-authz.example.com", "wh-cond-authz", "/cond-authz",
            Rule("CREATE", "", "v1", "configmaps"),
            ""","matchConditions":[{"name":"lister","expression":"authorizer.group('').resource('secrets').namespace(object.metadata.namespace).check('list').allowed()"}]"""));

        var alice = await Cluster.KubectlAsync("create", "configmap", "by-alice", "-n", "wh-cond-authz", "--as", "alice");
        var bob = await Cluster.KubectlAsync("create", "configmap", "by-bob", "-n", "wh-cond-authz", "--as", "bob");

        Assert.Contains("admission webhook \"authz.wh-cond-authz.example.com\" denied the request: secret listers are checked", alice.StdErr);
        Assert.True(bob.ExitCode == 0, bob.ToString());
        var called = Assert.Single(fixture.Server.RequestsTo("/cond-authz"));
        Assert.Equal("alice", (string?)called["userInfo"]!["username"]);
    }

    [Fact]
    public async Task AConfigurationWhoseConditionIsNotCelIsRefusedNamingIt()
    {
        var hook = fixture.Hook("bad.wh-cond.example.com", "wh-cond-bad", "/never",
            extra: ""","matchConditions":[{"name":"broken","expression":"object.metadata.name =="}]""");
        var (code, status) = await Cluster.SendAsync(HttpMethod.Post, "/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations",
            $$"""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"wh-cond-bad"},"webhooks":[{{hook}}]}""");

        Assert.Equal(422, code);
        var cause = status!["details"]!["causes"]![0]!;
        Assert.Equal("webhooks[0].matchConditions[0].expression", (string?)cause["field"]);
        Assert.Contains("compilation failed: ", (string?)cause["message"]);
    }
}
