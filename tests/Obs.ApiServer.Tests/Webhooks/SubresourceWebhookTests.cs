using System.Text.Json.Nodes;
using Obs.Testing;
using static Obs.ApiServer.Tests.Webhooks.WebhookFixture;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>
/// Writes through subresources reach webhooks as kube-apiserver sends them: a <c>/scale</c> write as an UPDATE of
/// <c>deployments/scale</c> carrying Scales, seen by no rule on <c>deployments</c> alone; an eviction and a binding as
/// CREATEs of their subresource carrying the Eviction or Binding (the pod's own writes that follow are not sent); exec,
/// port forwarding and proxying as CONNECTs carrying their options.
/// </summary>
public sealed class SubresourceWebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private TestCluster Cluster => fixture.Cluster;
    private TestWebhookServer Server => fixture.Server;

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

    private Task<(int Code, JsonNode? Body)> PodOnNodeAsync(string ns, string name, string node) =>
        Cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"nodeName":"{{{node}}}","containers":[{"name":"c","image":"busybox"}]}}""");

    [Fact]
    public async Task KubectlDrainsEvictionsAreSentAsCreatesOfTheEvictionSubresourceAndThePodsDeletionIsNot()
    {
        await fixture.NamespaceAsync("wh-evict");
        Assert.Equal(201, (await Cluster.SendAsync(HttpMethod.Post, "/api/v1/nodes", """{"apiVersion":"v1","kind":"Node","metadata":{"name":"wh-evict-node"}}""")).Code);
        Assert.Equal(201, (await PodOnNodeAsync("wh-evict", "go", "wh-evict-node")).Code);
        Assert.Equal(201, (await PodOnNodeAsync("wh-evict", "keep", "wh-evict-node")).Code);
        Server.Answer("/evict", request => (string?)request["name"] == "keep" ? Denied("keep stays") : Allowed());
        Server.Answer("/pod-delete", _ => Denied("pods are deleted only by eviction"));
        await fixture.InstallAsync(false, "wh-evict",
            fixture.Hook("evict.wh-evict.example.com", "wh-evict", "/evict", rules: Rule("CREATE", "", "v1", "pods/eviction")),
            fixture.Hook("delete.wh-evict.example.com", "wh-evict", "/pod-delete", rules: Rule("DELETE", "", "v1", "pods")));

        var result = await Cluster.KubectlAsync("drain", "wh-evict-node", "--force", "--grace-period=0", "--timeout=60s");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error when evicting pods/\"keep\" -n \"wh-evict\": admission webhook \"evict.wh-evict.example.com\" denied the request: keep stays", result.StdErr);
        Assert.Equal(404, (await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-evict/pods/go")).Code);
        Assert.Equal(200, (await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-evict/pods/keep")).Code);
        var request = Assert.Single(Server.RequestsTo("/evict"), r => (string?)r["name"] == "go");
        Assert.Equal("CREATE", (string?)request["operation"]);
        Assert.Equal("eviction", (string?)request["subResource"]);
        Assert.Equal("""{"group":"policy","version":"v1","kind":"Eviction"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""{"group":"","version":"v1","resource":"pods"}""", request["resource"]!.ToJsonString());
        Assert.Equal("wh-evict", (string?)request["namespace"]);
        Assert.Equal("Eviction", (string?)request["object"]!["kind"]);
        Assert.Equal("policy/v1", (string?)request["object"]!["apiVersion"]);
        Assert.Equal("go", (string?)request["object"]!["metadata"]!["name"]);
        Assert.Equal(0, (long)request["object"]!["deleteOptions"]!["gracePeriodSeconds"]!);
        Assert.Equal("CreateOptions", (string?)request["options"]!["kind"]);
        Assert.Empty(Server.RequestsTo("/pod-delete"));
    }

    [Fact]
    public async Task ABindingIsSentAsACreateOfTheBindingSubresourceAndAMutatedTargetIsWhereThePodGoes()
    {
        await fixture.NamespaceAsync("wh-bind");
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-bind", "p")).Code);
        Server.Answer("/bind-steer", _ => Patched("""[{"op":"replace","path":"/target/name","value":"node-b"}]"""));
        await fixture.InstallAsync(true, "wh-bind", fixture.Hook("steer.wh-bind.example.com", "wh-bind", "/bind-steer", rules: Rule("CREATE", "", "v1", "pods/binding")));
        await fixture.InstallAsync(false, "wh-bind",
            fixture.Hook("bind.wh-bind.example.com", "wh-bind", "/bind-seen", rules: Rule("CREATE", "", "v1", "pods/binding")),
            fixture.Hook("whole.wh-bind.example.com", "wh-bind", "/bind-whole", rules: Rule("*", "", "v1", "pods")));

        // What the scheduler posts.
        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/wh-bind/pods/p/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"p"},"target":{"apiVersion":"v1","kind":"Node","name":"node-a"}}""");

        Assert.True(code == 201, body?.ToJsonString());
        var (_, pod) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-bind/pods/p");
        Assert.Equal("node-b", (string?)pod!["spec"]!["nodeName"]);
        var request = Assert.Single(Server.RequestsTo("/bind-seen"));
        Assert.Equal("CREATE", (string?)request["operation"]);
        Assert.Equal("binding", (string?)request["subResource"]);
        Assert.Equal("""{"group":"","version":"v1","kind":"Binding"}""", request["kind"]!.ToJsonString());
        Assert.Equal("p", (string?)request["name"]);
        Assert.Equal("node-b", (string?)request["object"]!["target"]!["name"]);
        Assert.Equal("wh-bind", (string?)request["object"]!["metadata"]!["namespace"]);
        Assert.Empty(Server.RequestsTo("/bind-whole"));
    }

    [Fact]
    public async Task KubectlExecAndPortForwardingAreSentAsConnectsWithTheirOptions()
    {
        await fixture.NamespaceAsync("wh-exec");
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-exec", "p")).Code);
        Server.Answer("/exec", _ => Denied("no exec in production"));
        Server.Answer("/forward", _ => Denied("no port forwarding"));
        await fixture.InstallAsync(false, "wh-exec",
            fixture.Hook("exec.wh-exec.example.com", "wh-exec", "/exec", rules: Rule("CONNECT", "", "v1", "pods/exec")),
            fixture.Hook("forward.wh-exec.example.com", "wh-exec", "/forward", rules: Rule("CONNECT", "", "v1", "pods/portforward")));

        var exec = await Cluster.KubectlAsync("exec", "p", "-n", "wh-exec", "-c", "c", "--", "ls", "/");
        var (forwardCode, forwardBody) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-exec/pods/p/portforward?ports=8080");

        Assert.NotEqual(0, exec.ExitCode);
        Assert.Contains("admission webhook \"exec.wh-exec.example.com\" denied the request: no exec in production", exec.StdErr);
        var request = Server.RequestsTo("/exec")[0];
        Assert.Equal("CONNECT", (string?)request["operation"]);
        Assert.Equal("exec", (string?)request["subResource"]);
        Assert.Equal("""{"group":"","version":"v1","kind":"PodExecOptions"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""["ls","/"]""", request["object"]!["command"]!.ToJsonString());
        Assert.Equal("c", (string?)request["object"]!["container"]);
        Assert.True((bool)request["object"]!["stdout"]!);
        Assert.Null(request["options"]);
        Assert.Equal("admin", (string?)request["userInfo"]!["username"]);
        Assert.Equal(403, forwardCode);
        Assert.Equal("admission webhook \"forward.wh-exec.example.com\" denied the request: no port forwarding", (string?)forwardBody!["message"]);
        var forward = Assert.Single(Server.RequestsTo("/forward"));
        Assert.Equal("PodPortForwardOptions", (string?)forward["kind"]!["kind"]);
        Assert.Equal("[8080]", forward["object"]!["ports"]!.ToJsonString());
    }

    [Fact]
    public async Task AProxyRequestIsSentAsAConnectWithItsPath()
    {
        await fixture.NamespaceAsync("wh-proxy");
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-proxy", "p")).Code);
        Server.Answer("/proxy", _ => Denied("no proxying"));
        await fixture.InstallAsync(false, "wh-proxy", fixture.Hook("proxy.wh-proxy.example.com", "wh-proxy", "/proxy", rules: Rule("CONNECT", "", "v1", "pods/proxy")));

        var (code, body) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-proxy/pods/p:8080/proxy/metrics%20now?x=1");

        Assert.Equal(403, code);
        Assert.Equal("admission webhook \"proxy.wh-proxy.example.com\" denied the request: no proxying", (string?)body!["message"]);
        var request = Assert.Single(Server.RequestsTo("/proxy"));
        Assert.Equal("CONNECT", (string?)request["operation"]);
        Assert.Equal("proxy", (string?)request["subResource"]);
        Assert.Equal("p:8080", (string?)request["name"]);
        Assert.Equal("""{"kind":"PodProxyOptions","apiVersion":"v1","path":"/metrics now"}""", request["object"]!.ToJsonString());
    }
}
