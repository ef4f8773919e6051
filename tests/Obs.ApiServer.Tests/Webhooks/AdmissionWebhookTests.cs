using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Obs.Api.Resources;
using Obs.ApiServer.Registry;
using Obs.ApiServer.Storage;
using Obs.Testing;
using static Obs.ApiServer.Tests.Webhooks.WebhookFixture;

namespace Obs.ApiServer.Tests.Webhooks;

/// <summary>
/// Validating and mutating admission webhooks, called for real over HTTPS by a real apiserver: a refusal reaches the
/// client in kube-apiserver's words, a patch is stored, selectors pick the writes, failurePolicy decides what an
/// unreachable or slow webhook does, and the review carries what Kubernetes puts in it.
/// </summary>
public sealed class AdmissionWebhookTests(WebhookFixture fixture) : IClassFixture<WebhookFixture>
{
    private TestCluster Cluster => fixture.Cluster;
    private TestWebhookServer Server => fixture.Server;

    [Fact]
    public async Task AValidatingWebhookThatDeniesStopsTheCreateWithItsMessage()
    {
        await fixture.NamespaceAsync("wh-deny");
        Server.Answer("/deny", _ => Denied("no pods here"));
        await fixture.InstallAsync(false, "wh-deny", fixture.Hook("deny.wh-deny.example.com", "wh-deny", "/deny"));

        var (code, body) = await fixture.CreatePodAsync("wh-deny", "refused");

        Assert.Equal(403, code);
        Assert.Equal("admission webhook \"deny.wh-deny.example.com\" denied the request: no pods here", (string?)body!["message"]);
        Assert.Equal("Forbidden", (string?)body["reason"]);
        Assert.Equal(404, (await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-deny/pods/refused")).Code);
    }

    [Fact]
    public async Task AnAllowedCreateIsStoredAndTheReviewSaysWhatIsWrittenAndByWhom()
    {
        await fixture.NamespaceAsync("wh-allow");
        await fixture.InstallAsync(false, "wh-allow", fixture.Hook("allow.wh-allow.example.com", "wh-allow", "/allow"));

        var (code, _) = await fixture.CreatePodAsync("wh-allow", "let-in");

        Assert.Equal(201, code);
        var request = Assert.Single(Server.RequestsTo("/allow"));
        Assert.Equal("""{"group":"","version":"v1","kind":"Pod"}""", request["kind"]!.ToJsonString());
        Assert.Equal("""{"group":"","version":"v1","resource":"pods"}""", request["resource"]!.ToJsonString());
        Assert.Equal(request["kind"]!.ToJsonString(), request["requestKind"]!.ToJsonString());
        Assert.Equal("CREATE", (string?)request["operation"]);
        Assert.Equal("let-in", (string?)request["name"]);
        Assert.Equal("wh-allow", (string?)request["namespace"]);
        Assert.Equal("admin", (string?)request["userInfo"]!["username"]);
        Assert.Contains("system:masters", request["userInfo"]!["groups"]!.AsArray().Select(g => (string?)g));
        Assert.Equal("let-in", (string?)request["object"]!["metadata"]!["name"]);
        Assert.Equal("Always", (string?)request["object"]!["spec"]!["restartPolicy"]);
        Assert.Null(request["oldObject"]);
        Assert.False((bool)request["dryRun"]!);
        Assert.Equal("CreateOptions", (string?)request["options"]!["kind"]);
        // As the query gave it: none, whatever managedFields call the client.
        Assert.Null(request["options"]!["fieldManager"]);
        Assert.True(Guid.TryParse((string?)request["uid"], out _));
    }

    [Fact]
    public async Task AMutatingWebhooksJsonPatchIsStoredAndValidatingWebhooksSeeIt()
    {
        await fixture.NamespaceAsync("wh-mutate");
        Server.Answer("/label", _ => Patched("""[{"op":"add","path":"/metadata/labels/stamped","value":"yes"}]"""));
        await fixture.InstallAsync(true, "wh-mutate", fixture.Hook("label.wh-mutate.example.com", "wh-mutate", "/label"));
        await fixture.InstallAsync(false, "wh-mutate", fixture.Hook("see.wh-mutate.example.com", "wh-mutate", "/see-mutated"));

        var (code, body) = await fixture.CreatePodAsync("wh-mutate", "stamped", labels: """{"app":"web"}""");

        Assert.Equal(201, code);
        Assert.Equal("yes", (string?)body!["metadata"]!["labels"]!["stamped"]);
        var (_, stored) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-mutate/pods/stamped");
        Assert.Equal("""{"app":"web","stamped":"yes"}""", stored!["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("yes", (string?)Assert.Single(Server.RequestsTo("/see-mutated"))["object"]!["metadata"]!["labels"]!["stamped"]);
    }

    [Fact]
    public async Task AWebhookWithReinvocationIfNeededIsCalledAgainOnceWhenALaterOneChangedTheObject()
    {
        await fixture.NamespaceAsync("wh-reinvoke");
        static JsonObject Label(string name) => Patched($$"""[{"op":"add","path":"/metadata/labels/{{name}}","value":"yes"}]""");
        static bool Has(JsonObject request, string label) => request["object"]!["metadata"]!["labels"]![label] is not null;
        // a labels what b labelled, so it needs b's change; d changes nothing, but sees what a did in the second round.
        Server.Answer("/reinvoke-a", request => Has(request, "b") ? Label("a-saw-b") : Allowed());
        Server.Answer("/reinvoke-b", _ => Label("b"));
        const string ifNeeded = ""","reinvocationPolicy":"IfNeeded" """;
        await fixture.InstallAsync(true, "wh-reinvoke",
            fixture.Hook("a.wh-reinvoke.example.com", "wh-reinvoke", "/reinvoke-a", extra: ifNeeded.Trim()),
            fixture.Hook("b.wh-reinvoke.example.com", "wh-reinvoke", "/reinvoke-b"),
            fixture.Hook("d.wh-reinvoke.example.com", "wh-reinvoke", "/reinvoke-d", extra: ifNeeded.Trim()));

        var (code, body) = await fixture.CreatePodAsync("wh-reinvoke", "p", labels: """{"app":"web"}""");

        Assert.True(code == 201, body?.ToJsonString());
        Assert.Equal("""{"app":"web","b":"yes","a-saw-b":"yes"}""", body!["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal([false, true], Server.RequestsTo("/reinvoke-a").Select(r => Has(r, "b")));
        Assert.Single(Server.RequestsTo("/reinvoke-b"));
        Assert.Equal([false, true], Server.RequestsTo("/reinvoke-d").Select(r => Has(r, "a-saw-b")));
    }

    [Fact]
    public async Task AMutatingWebhookSeesTheObjectAnEarlierOnePatchedWithItsDefaults()
    {
        await fixture.NamespaceAsync("wh-sidecar");
        Server.Answer("/inject", _ => Patched("""[{"op":"add","path":"/spec/containers/-","value":{"name":"sidecar","image":"busybox"}}]"""));
        await fixture.InstallAsync(true, "wh-sidecar",
            fixture.Hook("inject.wh-sidecar.example.com", "wh-sidecar", "/inject"),
            fixture.Hook("after.wh-sidecar.example.com", "wh-sidecar", "/after-inject"));

        Assert.Equal(201, (await fixture.CreatePodAsync("wh-sidecar", "p")).Code);

        var sidecar = Assert.Single(Server.RequestsTo("/after-inject"))["object"]!["spec"]!["containers"]![1]!;
        Assert.Equal("sidecar", (string?)sidecar["name"]);
        Assert.Equal("Always", (string?)sidecar["imagePullPolicy"]);
        Assert.Equal("/dev/termination-log", (string?)sidecar["terminationMessagePath"]);
    }

    [Fact]
    public async Task AServiceReferenceIsCalledAtTheServicesReadyEndpointAndItsNameIsChecked()
    {
        await fixture.NamespaceAsync("webhooks");
        await fixture.NamespaceAsync("wh-service");
        Assert.Equal(201, (await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/webhooks/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"hooks"},"spec":{"ports":[{"name":"https","port":443,"targetPort":9443}]}}""")).Code);
        Assert.Equal(201, (await Cluster.SendAsync(HttpMethod.Post, "/apis/discovery.k8s.io/v1/namespaces/webhooks/endpointslices",
            $$$"""{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"hooks-1","labels":{"kubernetes.io/service-name":"hooks"}},"addressType":"IPv4","endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}],"ports":[{"name":"https","port":{{{Server.Port}}},"protocol":"TCP"}]}""")).Code);
        Server.Answer("/via-service", _ => Denied("reached through the service"));
        var hook = $$$$"""{"name":"svc.wh-service.example.com","clientConfig":{"service":{"namespace":"webhooks","name":"hooks","path":"/via-service"},"caBundle":"{{{{Server.CaBundle}}}}"},"rules":[{{{{PodsCreate}}}}],"sideEffects":"None","admissionReviewVersions":["v1"],"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"wh-service"}}}""";
        await fixture.InstallAsync(false, "wh-service", hook);

        var (code, body) = await fixture.CreatePodAsync("wh-service", "p");

        Assert.Equal(403, code);
        Assert.Equal("admission webhook \"svc.wh-service.example.com\" denied the request: reached through the service", (string?)body!["message"]);
    }

    [Fact]
    public async Task NamespaceAndObjectSelectorsPickTheWritesSent()
    {
        await fixture.NamespaceAsync("wh-sel-on", """{"policy":"strict"}""");
        await fixture.NamespaceAsync("wh-sel-off");
        Server.Answer("/selectors", _ => Denied("selected"));
        var hook = $$$"""{"name":"sel.wh-sel.example.com","clientConfig":{"url":"{{{Server.Url("/selectors")}}}","caBundle":"{{{Server.CaBundle}}}"},"rules":[{{{PodsCreate}}}],"sideEffects":"None","admissionReviewVersions":["v1"],"namespaceSelector":{"matchLabels":{"policy":"strict"}},"objectSelector":{"matchExpressions":[{"key":"exempt","operator":"DoesNotExist"}]}}""";
        await fixture.InstallAsync(false, "wh-sel", hook);

        Assert.Equal(403, (await fixture.CreatePodAsync("wh-sel-on", "checked")).Code);
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-sel-on", "exempt", labels: """{"exempt":"yes"}""")).Code);
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-sel-off", "elsewhere")).Code);
        Assert.Equal(["checked"], Server.RequestsTo("/selectors").Select(r => (string?)r["name"]));
    }

    [Fact]
    public async Task AnUnreachableWebhookRefusesTheWriteWithFailAndIsPassedWithIgnore()
    {
        await fixture.NamespaceAsync("wh-down");
        var down = $"https://127.0.0.1:{FreePort.Next()}/gone";
        string Hook(string name, string policy) =>
            $$$$"""{"name":"{{{{name}}}}","clientConfig":{"url":"{{{{down}}}}","caBundle":"{{{{Server.CaBundle}}}}"},"rules":[{{{{ConfigMapsAll}}}}],"failurePolicy":"{{{{policy}}}}","sideEffects":"None","admissionReviewVersions":["v1"],"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"wh-down"}},"objectSelector":{"matchLabels":{"policy":"{{{{policy}}}}"}}}""";
        await fixture.InstallAsync(false, "wh-down", Hook("fail.wh-down.example.com", "Fail"), Hook("ignore.wh-down.example.com", "Ignore"));

        var (failCode, failBody) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/wh-down/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"strict","labels":{"policy":"Fail"}}}""");
        var (ignoreCode, _) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/wh-down/configmaps",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"lenient","labels":{"policy":"Ignore"}}}""");

        Assert.Equal(500, failCode);
        Assert.Equal("InternalError", (string?)failBody!["reason"]);
        Assert.StartsWith($"Internal error occurred: failed calling webhook \"fail.wh-down.example.com\": failed to call webhook: Post \"{down}?timeout=10s\":", (string?)failBody["message"]);
        Assert.Equal(201, ignoreCode);
    }

    [Fact]
    public async Task AWebhookIsTrustedOnlyThroughItsOwnCaBundle()
    {
        await fixture.NamespaceAsync("wh-trust");
        var otherCa = Convert.ToBase64String(File.ReadAllBytes(TestPki.Pki.CaCertFile));
        await fixture.InstallAsync(false, "wh-trust", fixture.Hook("trust.wh-trust.example.com", "wh-trust", "/trust").Replace(Server.CaBundle, otherCa));

        var (code, body) = await fixture.CreatePodAsync("wh-trust", "untrusted");

        Assert.Equal(500, code);
        Assert.StartsWith("Internal error occurred: failed calling webhook \"trust.wh-trust.example.com\": failed to call webhook:", (string?)body!["message"]);
        Assert.Empty(Server.RequestsTo("/trust"));
    }

    [Fact]
    public async Task AWebhookWhoseCertificateComesFromAnIntermediateIsTrustedThroughTheRootInItsBundle()
    {
        await using var server = await TestWebhookServer.StartAsync(throughIntermediate: true);
        await fixture.NamespaceAsync("wh-chain");
        var hook = fixture.Hook("chain.wh-chain.example.com", "wh-chain", "/chain").Replace(Server.Url("/chain"), server.Url("/chain")).Replace(Server.CaBundle, server.CaBundle);
        await fixture.InstallAsync(false, "wh-chain", hook);

        var (code, body) = await fixture.CreatePodAsync("wh-chain", "chained");

        Assert.True(code == 201, body?.ToJsonString());
        Assert.Single(server.RequestsTo("/chain"));
    }

    [Fact]
    public async Task AWebhookSlowerThanItsTimeoutFailsTheWrite()
    {
        await fixture.NamespaceAsync("wh-slow");
        Server.AnswerAsync("/slow", async _ =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return Allowed();
        });
        await fixture.InstallAsync(false, "wh-slow", fixture.Hook("slow.wh-slow.example.com", "wh-slow", "/slow", extra: ""","timeoutSeconds":1"""));

        var (code, body) = await fixture.CreatePodAsync("wh-slow", "late");

        Assert.Equal(500, code);
        Assert.EndsWith("context deadline exceeded", (string?)body!["message"]);
        Assert.Contains("failed calling webhook \"slow.wh-slow.example.com\"", (string?)body["message"]);
    }

    [Fact]
    public async Task ADryRunIsRefusedByAWebhookWithSideEffectsAndSentToOneWithout()
    {
        await fixture.NamespaceAsync("wh-dry");
        await fixture.InstallAsync(false, "wh-dry-none",
            fixture.Hook("none.wh-dry.example.com", "wh-dry", "/dry-none").Replace("\"sideEffects\":\"None\"", "\"sideEffects\":\"NoneOnDryRun\""));
        var dry = await fixture.CreatePodAsync("wh-dry", "dry", query: "?dryRun=All");
        Assert.Equal(201, dry.Code);
        Assert.True((bool)Assert.Single(Server.RequestsTo("/dry-none"))["dryRun"]!);

        // v1 refuses sideEffects Some on a new configuration; one kept from v1beta1 days is written to the store directly.
        var some = JsonNode.Parse($$"""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"ValidatingWebhookConfiguration","metadata":{"name":"wh-dry-some","uid":"{{Guid.NewGuid()}}","creationTimestamp":"2026-01-01T00:00:00Z"},"webhooks":[{{fixture.Hook("some.wh-dry.example.com", "wh-dry", "/dry-some").Replace("\"sideEffects\":\"None\"", "\"sideEffects\":\"Some\"")}}]}""")!.AsObject();
        var store = Cluster.Host.Services.GetRequiredService<ObjectStore>();
        await store.CreateAsync(ObjectRegistry.KeyOf(ResourceTypes.ValidatingWebhookConfiguration, null, "wh-dry-some"), StoredJson.Serialize(some));
        await fixture.WaitUntilServedAsync(false, ["some.wh-dry.example.com"]);

        var (code, body) = await fixture.CreatePodAsync("wh-dry", "dry-again", query: "?dryRun=All");

        Assert.Equal(400, code);
        Assert.Equal("admission webhook \"some.wh-dry.example.com\" does not support dry run", (string?)body!["message"]);
        Assert.Empty(Server.RequestsTo("/dry-some"));
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-dry", "for-real")).Code);
        Assert.Single(Server.RequestsTo("/dry-some"));
    }

    [Fact]
    public async Task AnUpdateSendsTheOldObjectAndADeleteIsAskedToo()
    {
        await fixture.NamespaceAsync("wh-update");
        Assert.Equal(201, (await fixture.CreateConfigMapAsync("wh-update", "settings")).Code);
        Server.Answer("/changes", request => (string?)request["operation"] == "DELETE" ? Denied("keep it") : Allowed());
        await fixture.InstallAsync(false, "wh-update", fixture.Hook("changes.wh-update.example.com", "wh-update", "/changes", rules: ConfigMapsAll));

        var (code, _) = await Cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/wh-update/configmaps/settings", """{"data":{"a":"2"}}""", "application/merge-patch+json");
        var (deleteCode, deleteBody) = await Cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/wh-update/configmaps/settings");

        Assert.Equal(200, code);
        var update = Server.RequestsTo("/changes")[0];
        Assert.Equal("UPDATE", (string?)update["operation"]);
        Assert.Equal("1", (string?)update["oldObject"]!["data"]!["a"]);
        Assert.Equal("2", (string?)update["object"]!["data"]!["a"]);
        Assert.Equal("admin", (string?)update["userInfo"]!["username"]);
        Assert.Equal("UpdateOptions", (string?)update["options"]!["kind"]);
        Assert.Equal(403, deleteCode);
        Assert.Equal("admission webhook \"changes.wh-update.example.com\" denied the request: keep it", (string?)deleteBody!["message"]);
        var delete = Server.RequestsTo("/changes")[1];
        Assert.Null(delete["object"]);
        Assert.Equal("2", (string?)delete["oldObject"]!["data"]!["a"]);
        Assert.Equal(200, (await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/wh-update/configmaps/settings")).Code);
    }

    [Fact]
    public async Task AStatusWriteIsSentAsItsSubresource()
    {
        await fixture.NamespaceAsync("wh-status");
        Assert.Equal(201, (await fixture.CreatePodAsync("wh-status", "p")).Code);
        Server.Answer("/status", _ => Denied("status is mine"));
        await fixture.InstallAsync(false, "wh-status", fixture.Hook("status.wh-status.example.com", "wh-status", "/status",
            rules: """{"operations":["UPDATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods/status"]}"""));

        var status = await Cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/wh-status/pods/p/status", """{"status":{"phase":"Running"}}""", "application/merge-patch+json");
        var spec = await Cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/wh-status/pods/p", """{"metadata":{"labels":{"a":"b"}}}""", "application/merge-patch+json");

        Assert.Equal(403, status.Code);
        Assert.Equal(200, spec.Code);
        Assert.Equal("status", (string?)Assert.Single(Server.RequestsTo("/status"))["subResource"]);
    }

    [Fact]
    public async Task EquivalentMatchingSendsAnOlderVersionsWriteInTheRulesVersion()
    {
        await fixture.NamespaceAsync("wh-equivalent");
        const string v2Rule = """{"operations":["CREATE"],"apiGroups":["autoscaling"],"apiVersions":["v2"],"resources":["horizontalpodautoscalers"]}""";
        await fixture.InstallAsync(false, "wh-equivalent",
            fixture.Hook("equivalent.wh-equivalent.example.com", "wh-equivalent", "/equivalent", rules: v2Rule),
            fixture.Hook("exact.wh-equivalent.example.com", "wh-equivalent", "/exact", rules: v2Rule, extra: ""","matchPolicy":"Exact" """.Trim()));

        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/apis/autoscaling/v1/namespaces/wh-equivalent/horizontalpodautoscalers",
            """{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},"spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"maxReplicas":3,"targetCPUUtilizationPercentage":50}}""");

        Assert.True(code == 201, body?.ToJsonString());
        var request = Assert.Single(Server.RequestsTo("/equivalent"));
        Assert.Equal("v2", (string?)request["kind"]!["version"]);
        Assert.Equal("v1", (string?)request["requestKind"]!["version"]);
        Assert.Equal("autoscaling/v2", (string?)request["object"]!["apiVersion"]);
        Assert.Empty(Server.RequestsTo("/exact"));
    }

    [Fact]
    public async Task AWebhooksWarningsReachTheClientAsWarningHeaders()
    {
        await fixture.NamespaceAsync("wh-warn");
        Server.Answer("/warn", _ => new JsonObject { ["allowed"] = true, ["warnings"] = new JsonArray("image tag latest is discouraged") });
        await fixture.InstallAsync(false, "wh-warn", fixture.Hook("warn.wh-warn.example.com", "wh-warn", "/warn"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/wh-warn/pods")
        {
            Content = new StringContent("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"warned"},"spec":{"containers":[{"name":"c","image":"busybox:latest"}]}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await Cluster.Client.SendAsync(request);

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(["299 - \"image tag latest is discouraged\""], response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task WhenOneValidatingWebhookRefusesTheWarningsOfTheOthersStillReachTheClient()
    {
        await fixture.NamespaceAsync("wh-warn-deny");
        JsonObject Warned(JsonObject answer, string warning)
        {
            answer["warnings"] = new JsonArray(warning);
            return answer;
        }
        Server.Answer("/warn-deny", _ => Warned(Denied("no"), "refusing"));
        Server.Answer("/warn-after", _ => Warned(Allowed(), "checked after the refusal"));
        await fixture.InstallAsync(false, "wh-warn-deny",
            fixture.Hook("deny.wh-warn-deny.example.com", "wh-warn-deny", "/warn-deny"),
            fixture.Hook("after.wh-warn-deny.example.com", "wh-warn-deny", "/warn-after"));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/wh-warn-deny/pods")
        {
            Content = new StringContent("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"warned"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""", Encoding.UTF8, "application/json"),
        };
        using var response = await Cluster.Client.SendAsync(request);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(["299 - \"refusing\"", "299 - \"checked after the refusal\""], response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task KubectlAppliesAConfigurationAndShowsTheDenial()
    {
        await fixture.NamespaceAsync("wh-kubectl");
        Server.Answer("/kubectl", _ => Denied("config maps need an owner label"));
        var manifest = Cluster.Manifest("wh-kubectl.yaml", $$"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: wh-kubectl
            webhooks:
            - name: owners.wh-kubectl.example.com
              clientConfig:
                url: {{Server.Url("/kubectl")}}
                caBundle: {{Server.CaBundle}}
              rules:
              - operations: ["CREATE"]
                apiGroups: [""]
                apiVersions: ["v1"]
                resources: ["configmaps"]
              namespaceSelector:
                matchLabels:
                  kubernetes.io/metadata.name: wh-kubectl
              sideEffects: None
              admissionReviewVersions: ["v1"]
            """);

        await Cluster.KubectlOkAsync("apply", "-f", manifest);
        await fixture.WaitUntilServedAsync(false, ["owners.wh-kubectl.example.com"]);
        var table = await Cluster.KubectlOkAsync("get", "validatingwebhookconfigurations", "wh-kubectl");
        var created = await Cluster.KubectlAsync("create", "configmap", "orphan", "-n", "wh-kubectl", "--from-literal=a=b");

        Assert.Matches(@"NAME\s+WEBHOOKS\s+AGE\s+wh-kubectl\s+1\s+", table);
        Assert.NotEqual(0, created.ExitCode);
        Assert.Contains("failed to create configmap: admission webhook \"owners.wh-kubectl.example.com\" denied the request: config maps need an owner label", created.StdErr);
        Assert.NotEqual(0, (await Cluster.KubectlAsync("get", "configmap", "orphan", "-n", "wh-kubectl")).ExitCode);
        Assert.Equal("kubectl-create", (string?)Assert.Single(Server.RequestsTo("/kubectl"))["options"]!["fieldManager"]);
    }
}
