using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;
using static Obs.ApiServer.Tests.Webhooks.WebhookFixture;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>
/// Writes through subresources reach webhooks as kube-apiserver sends them: a <c>/scale</c> write as an UPDATE of
/// <c>deployments/scale</c> carrying Scales, seen by no rule on <c>deployments</c> alone.
/// </summary>
public sealed class SubresourceWebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private TestCluster Cluster => fixture.Cluster;
    private TestWebhookServer Server => fixture.Server;

    private static string Rule(string operation, string group, string version, string resource) =>
        $$"""{"operations":["{{operation}}"],"apiGroups":["{{group}}"],"apiVersions":["{{version}}"],"resources":["{{resource}}"]}""";

    private static JsonObject Patched(string jsonPatch) => new()
    {
        ["allowed"] = true,
        ["patchType"] = "JSONPatch",
        ["patch"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(jsonPatch)),
    };

    [Fact]
    public async Task KubectlScaleIsSentAsAnUpdateOfTheScaleSubresourceAndAMutatedScaleIsStored()
    {
        await fixture.NamespaceAsync("wh-scale");
        var (created, body) = await Cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/wh-scale/deployments",
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}}}""");
        Assert.True(created == 201, body?.ToJsonString());
        // A policy capping replicas, as a mutating webhook on deployments/scale would.
        Server.Answer("/scale-cap", _ => Patched("""[{"op":"replace","path":"/spec/replicas","value":3}]"""));
        await fixture.InstallAsync(true, "wh-scale", fixture.Hook("cap.wh-scale.example.com", "wh-scale", "/scale-cap", rules: Rule("UPDATE", "apps", "v1", "deployments/scale")));
        await fixture.InstallAsync(false, "wh-scale",
            fixture.Hook("scale.wh-scale.example.com", "wh-scale", "/scale-seen", rules: Rule("UPDATE", "apps", "v1", "deployments/scale")),
            fixture.Hook("whole.wh-scale.example.com", "wh-scale", "/whole-seen", rules: Rule("UPDATE", "apps", "v1", "deployments")));

        await Cluster.KubectlOkAsync("scale", "deployment/web", "--replicas=5", "-n", "wh-scale");

        var (_, stored) = await Cluster.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/wh-scale/deployments/web");
        Assert.Equal(3, (long)stored!["spec"]!["replicas"]!);
        var mutate = Assert.Single(Server.RequestsTo("/scale-cap"));
        Assert.Equal(5, (long)mutate["object"]!["spec"]!["replicas"]!);
        var request = Assert.Single(Server.RequestsTo("/scale-seen"));
        Assert.Equal("UPDATE", (string?)request["operation"]);
        Assert.Equal("scale", (string?)request["subResource"]);
        Assert.Equal("scale", (string?)request["requestSubResource"]);
        Assert.Equal("""{"group":"autoscaling","version":"v1","kind":"Scale"}""", request["kind"]!.ToJsonString());
        Assert.Equal(request["kind"]!.ToJsonString(), request["requestKind"]!.ToJsonString());
        Assert.Equal("""{"group":"apps","version":"v1","resource":"deployments"}""", request["resource"]!.ToJsonString());
        Assert.Equal("web", (string?)request["name"]);
        Assert.Equal("Scale", (string?)request["object"]!["kind"]);
        Assert.Equal("autoscaling/v1", (string?)request["object"]!["apiVersion"]);
        Assert.Equal(3, (long)request["object"]!["spec"]!["replicas"]!);
        Assert.Equal("Scale", (string?)request["oldObject"]!["kind"]);
        Assert.Equal(1, (long)request["oldObject"]!["spec"]!["replicas"]!);
        Assert.Equal("app=web", (string?)request["oldObject"]!["status"]!["selector"]);
        Assert.Empty(Server.RequestsTo("/whole-seen"));
    }

    [Fact]
    public async Task AStatusWriteIsSeenOnlyByRulesOnTheStatusSubresourceWithTheWholeObject()
    {
        await fixture.NamespaceAsync("wh-status2");
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-status2", "p")).Code);
        await fixture.InstallAsync(false, "wh-status2",
            fixture.Hook("status.wh-status2.example.com", "wh-status2", "/status2-seen", rules: Rule("UPDATE", "", "v1", "pods/status")),
            fixture.Hook("whole.wh-status2.example.com", "wh-status2", "/status2-whole", rules: Rule("UPDATE", "", "v1", "pods")));

        var (code, _) = await Cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/wh-status2/pods/p/status", """{"status":{"phase":"Running"}}""", "application/merge-patch+json");

        Assert.Equal(200, code);
        var request = Assert.Single(Server.RequestsTo("/status2-seen"));
        Assert.Equal("status", (string?)request["subResource"]);
        Assert.Equal("""{"group":"","version":"v1","kind":"Pod"}""", request["kind"]!.ToJsonString());
        Assert.Equal("Running", (string?)request["object"]!["status"]!["phase"]);
        Assert.Equal("c", (string?)request["object"]!["spec"]!["containers"]![0]!["name"]);
        Assert.NotEqual("Running", (string?)request["oldObject"]!["status"]?["phase"]);
        Assert.Empty(Server.RequestsTo("/status2-whole"));
    }
}
