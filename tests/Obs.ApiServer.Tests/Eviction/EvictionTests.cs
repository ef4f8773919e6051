using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Eviction;

/// <summary>
/// <c>POST pods/{name}/eviction</c> against a real apiserver: the answers kubectl drain acts on,
/// and what happens to the pod and its PodDisruptionBudget. Each test labels its pods with an app
/// of its own, so the budgets of one test never cover the pods of another.
/// </summary>
public sealed class EvictionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Budgets = "/apis/policy/v1/namespaces/default/poddisruptionbudgets";

    /// <summary>A pod of <paramref name="app"/> in the phase given, Ready when Running unless said otherwise; bound to a node when one is named.</summary>
    private async Task PodAsync(string name, string app, string phase = "Running", string? node = null, bool ready = true)
    {
        var spec = node is null ? """{"containers":[{"name":"c","image":"nginx"}]}""" : $$"""{"nodeName":"{{node}}","containers":[{"name":"c","image":"nginx"}]}""";
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, Pods,
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"{{{app}}}"}},"spec":{{{spec}}}}""");
        Assert.Equal(201, code);
        if (phase == "Pending") return;
        created!["status"] = JsonNode.Parse(phase == "Running"
            ? $$"""{"phase":"Running","conditions":[{"type":"Ready","status":"{{(ready ? "True" : "False")}}"}]}"""
            : $$"""{"phase":"{{phase}}"}""");
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Put, $"{Pods}/{name}/status", created.ToJsonString())).Code);
    }

    /// <summary>A budget over <paramref name="app"/> with the status the disruption controller would have written.</summary>
    private async Task BudgetAsync(string name, string app, int allowed, int observedGeneration = 1)
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, Budgets,
            $$$"""{"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"{{{name}}}"},"spec":{"selector":{"matchLabels":{"app":"{{{app}}}"}},"minAvailable":1}}""");
        Assert.Equal(201, code);
        created!["status"] = JsonNode.Parse($$"""{"observedGeneration":{{observedGeneration}},"disruptionsAllowed":{{allowed}},"currentHealthy":{{allowed + 1}},"desiredHealthy":1,"expectedPods":{{allowed + 1}}}""");
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Put, $"{Budgets}/{name}/status", created.ToJsonString())).Code);
    }

    private static string Eviction(string name, string deleteOptions = "", string apiVersion = "policy/v1") =>
        $$"""{"apiVersion":"{{apiVersion}}","kind":"Eviction","metadata":{"name":"{{name}}","namespace":"default"}{{(deleteOptions.Length > 0 ? ",\"deleteOptions\":" + deleteOptions : "")}}}""";

    private Task<(int Code, JsonNode? Body)> EvictAsync(string pod, string? body = null, string query = "") =>
        cluster.SendAsync(HttpMethod.Post, $"{Pods}/{pod}/eviction{query}", body ?? Eviction(pod));

    private async Task<JsonNode?> GetAsync(string path)
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Get, path);
        return code == 404 ? null : body;
    }

    [Fact]
    public async Task AnEvictionTheBudgetAllowsDeletesThePodAndUsesUpADisruption()
    {
        await PodAsync("allowed-0", "allowed");
        await BudgetAsync("allowed", "allowed", allowed: 1);

        var (code, status) = await EvictAsync("allowed-0");

        Assert.Equal(201, code);
        Assert.Equal("Success", status!["status"]!.GetValue<string>());
        Assert.Null(await GetAsync($"{Pods}/allowed-0"));
        var budget = (await GetAsync($"{Budgets}/allowed"))!;
        Assert.Equal(0, budget["status"]!["disruptionsAllowed"]!.GetValue<int>());
        Assert.NotNull(budget["status"]!["disruptedPods"]!["allowed-0"]);
        var condition = budget["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "DisruptionAllowed")!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal("InsufficientPods", condition["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnEvictionTheBudgetForbidsIs429WithTheDisruptionBudgetCause()
    {
        await PodAsync("blocked-0", "blocked");
        await BudgetAsync("blocked", "blocked", allowed: 0);

        var (code, status) = await EvictAsync("blocked-0");

        Assert.Equal(429, code);
        Assert.Equal("TooManyRequests", status!["reason"]!.GetValue<string>());
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", status["message"]!.GetValue<string>());
        var cause = status["details"]!["causes"]![0]!;
        Assert.Equal("DisruptionBudget", cause["reason"]!.GetValue<string>());
        Assert.Equal("The disruption budget blocked needs 1 healthy pods and has 1 currently", cause["message"]!.GetValue<string>());
        var pod = (await GetAsync($"{Pods}/blocked-0"))!;
        Assert.Null(pod["metadata"]!["deletionTimestamp"]);
        Assert.DoesNotContain(pod["status"]!["conditions"]!.AsArray(), c => c!["type"]!.GetValue<string>() == "DisruptionTarget");
    }

    [Fact]
    public async Task ABudgetTheControllerHasNotSeenYetAsksTheClientToComeBack()
    {
        await PodAsync("unseen-0", "unseen");
        await BudgetAsync("unseen", "unseen", allowed: 3, observedGeneration: 0);

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Pods}/unseen-0/eviction")
        {
            Content = new StringContent(Eviction("unseen-0"), Encoding.UTF8, "application/json"),
        };
        using var response = await cluster.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);
        Assert.Contains("The disruption budget unseen is still being processed by the server.", await response.Content.ReadAsStringAsync());
        Assert.NotNull(await GetAsync($"{Pods}/unseen-0"));
    }

    [Fact]
    public async Task AnUnreadyPodTheBudgetCanSpareGoesWithoutUsingUpADisruption()
    {
        await PodAsync("unready-0", "unready", ready: false);
        await BudgetAsync("unready", "unready", allowed: 0);

        var (code, _) = await EvictAsync("unready-0");

        Assert.Equal(201, code);
        Assert.Null(await GetAsync($"{Pods}/unready-0"));
        var status = (await GetAsync($"{Budgets}/unready"))!["status"]!;
        Assert.Equal(0, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.Null(status["disruptedPods"]);
    }

    [Fact]
    public async Task APodNoBudgetCoversIsDeleted()
    {
        await PodAsync("free-0", "free");

        var (code, _) = await EvictAsync("free-0");

        Assert.Equal(201, code);
        Assert.Null(await GetAsync($"{Pods}/free-0"));
    }

    [Theory]
    [InlineData("Pending")]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public async Task APodThatIsNotRunningIsDeletedWhateverItsBudgetSays(string phase)
    {
        var name = "idle-" + phase.ToLowerInvariant();
        await PodAsync(name, name, phase);
        await BudgetAsync(name, name, allowed: 0);

        var (code, _) = await EvictAsync(name);

        Assert.Equal(201, code);
        Assert.Null(await GetAsync($"{Pods}/{name}"));
        Assert.Equal(0, (await GetAsync($"{Budgets}/{name}"))!["status"]!["disruptionsAllowed"]!.GetValue<int>());
    }

    [Fact]
    public async Task ADryRunChangesNeitherThePodNorTheBudget()
    {
        await PodAsync("dry-0", "dry");
        await BudgetAsync("dry", "dry", allowed: 1);

        var (code, _) = await EvictAsync("dry-0", query: "?dryRun=All");
        var (inBody, _) = await EvictAsync("dry-0", Eviction("dry-0", """{"dryRun":["All"]}"""));

        Assert.Equal(201, code);
        Assert.Equal(201, inBody);
        Assert.NotNull(await GetAsync($"{Pods}/dry-0"));
        var status = (await GetAsync($"{Budgets}/dry"))!["status"]!;
        Assert.Equal(1, status["disruptionsAllowed"]!.GetValue<int>());
        Assert.Null(status["disruptedPods"]);
    }

    [Fact]
    public async Task TheEvictionsDeleteOptionsGoToTheDeleteOfABoundPod()
    {
        await PodAsync("graceful-0", "graceful", node: "node-graceful");
        await PodAsync("at-once-0", "graceful", node: "node-graceful");

        Assert.Equal(201, (await EvictAsync("graceful-0", Eviction("graceful-0", """{"gracePeriodSeconds":7}"""))).Code);
        Assert.Equal(201, (await EvictAsync("at-once-0", Eviction("at-once-0", """{"gracePeriodSeconds":0}"""))).Code);

        // A bound pod waits for its node agent for the grace period asked; marked as evicted meanwhile.
        var pod = (await GetAsync($"{Pods}/graceful-0"))!;
        Assert.Equal(7, pod["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<int>());
        var target = pod["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "DisruptionTarget")!;
        Assert.Equal("EvictionByEvictionAPI", target["reason"]!.GetValue<string>());
        Assert.Null(await GetAsync($"{Pods}/at-once-0"));
    }

    [Fact]
    public async Task AUidPreconditionThatNoLongerHoldsIsAConflict()
    {
        await PodAsync("moved-0", "moved");

        var (code, status) = await EvictAsync("moved-0", Eviction("moved-0", """{"preconditions":{"uid":"not-this-pod"}}"""));

        Assert.Equal(409, code);
        Assert.Contains("Precondition failed: UID in precondition: not-this-pod", status!["message"]!.GetValue<string>());
        Assert.NotNull(await GetAsync($"{Pods}/moved-0"));
    }

    [Fact]
    public async Task APolicyV1Beta1EvictionIsAccepted()
    {
        await PodAsync("beta-0", "beta");

        var (code, _) = await EvictAsync("beta-0", Eviction("beta-0", apiVersion: "policy/v1beta1"));

        Assert.Equal(201, code);
        Assert.Null(await GetAsync($"{Pods}/beta-0"));
    }

    [Theory]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"someone-else"}}""", "name in URL does not match name in Eviction object")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{}}""", "name in URL does not match name in Eviction object")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"bad-0","namespace":"kube-system"}}""", "the namespace of the provided object does not match")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"DeleteOptions","metadata":{"name":"bad-0"}}""", "the kind in the data (DeleteOptions) does not match the expected kind (Eviction)")]
    [InlineData("""{"apiVersion":"policy/v2","kind":"Eviction","metadata":{"name":"bad-0"}}""", "the API version in the data (policy/v2) does not match")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"bad-0"},"deleteOptions":{"gracePeriodSeconds":-1}}""", "gracePeriodSeconds: Invalid value")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction","metadata":{"name":"bad-0"},"deleteOptions":"now"}""", "deleteOptions")]
    [InlineData("""{"apiVersion":"policy/v1","kind":"Eviction",""", "error decoding JSON")]
    public async Task ABadEvictionIsABadRequestAndThePodStays(string body, string message)
    {
        if (await GetAsync($"{Pods}/bad-0") is null) await PodAsync("bad-0", "bad");

        var (code, status) = await EvictAsync("bad-0", body);

        Assert.Equal(400, code);
        Assert.Equal("BadRequest", status!["reason"]!.GetValue<string>());
        Assert.Contains(message, status["message"]!.GetValue<string>());
        Assert.NotNull(await GetAsync($"{Pods}/bad-0"));
    }

    [Fact]
    public async Task EvictingAPodThatDoesNotExistIs404()
    {
        var (code, status) = await EvictAsync("nobody");

        Assert.Equal(404, code);
        Assert.Equal("pods \"nobody\" not found", status!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task DiscoveryListsTheEvictionSubresourceAsPolicyV1()
    {
        var list = (await GetAsync("/api/v1"))!["resources"]!.AsArray();
        var eviction = list.Single(r => r!["name"]!.GetValue<string>() == "pods/eviction")!;
        Assert.Equal(("policy", "v1", "Eviction"), (eviction["group"]!.GetValue<string>(), eviction["version"]!.GetValue<string>(), eviction["kind"]!.GetValue<string>()));
        Assert.Equal(["create"], eviction["verbs"]!.AsArray().Select(v => v!.GetValue<string>()));

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        using var response = await cluster.Client.SendAsync(request);
        var aggregated = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var pods = aggregated["items"]![0]!["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.GetValue<string>() == "pods")!;
        var sub = pods["subresources"]!.AsArray().Single(s => s!["subresource"]!.GetValue<string>() == "eviction")!;
        Assert.Equal("""{"group":"policy","version":"v1","kind":"Eviction"}""", sub["responseKind"]!.ToJsonString());
    }
}
