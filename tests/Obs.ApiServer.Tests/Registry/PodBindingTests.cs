using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary><c>POST pods/NAME/binding</c>: what the scheduler sees, and what the bound pod looks like afterwards.</summary>
public sealed class PodBindingTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private async Task<string> CreatePodAsync(string name)
    {
        var created = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");
        Assert.Equal(201, created.Code);
        return created.Body!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private static string Binding(string pod, string node) =>
        $$$"""{"apiVersion":"v1","kind":"Binding","metadata":{"name":"{{{pod}}}"},"target":{"apiVersion":"v1","kind":"Node","name":"{{{node}}}"}}""";

    private Task<(int Code, JsonNode? Body)> BindAsync(string pod, string node, string query = "") =>
        cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/default/pods/{pod}/binding{query}", Binding(pod, node));

    [Fact]
    public async Task BindingSetsTheNodeAndPodScheduledAndRecordsTheBinderAsOwnerOfTheNodeName()
    {
        var createdAt = await CreatePodAsync("bind-once");

        var bound = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bind-once/binding?fieldManager=my-scheduler", Binding("bind-once", "node-1"));

        Assert.Equal(201, bound.Code);
        Assert.Equal("Success", bound.Body!["status"]!.GetValue<string>());
        var pod = (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/bind-once")).Body!;
        Assert.Equal("node-1", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.NotEqual(createdAt, pod["metadata"]!["resourceVersion"]!.GetValue<string>());
        var scheduled = pod["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "PodScheduled")!;
        Assert.Equal("True", scheduled["status"]!.GetValue<string>());
        Assert.NotNull(scheduled["lastTransitionTime"]);
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
        // Everything the pod's creator set stays as it was, defaults included.
        Assert.Equal("x", pod["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal("Always", pod["spec"]!["restartPolicy"]!.GetValue<string>());
        var binder = pod["metadata"]!["managedFields"]!.AsArray().Single(e => e!["manager"]!.GetValue<string>() == "my-scheduler")!;
        Assert.Equal("binding", binder["subresource"]!.GetValue<string>());
        Assert.Equal("""{"f:spec":{"f:nodeName":{}}}""", binder["fieldsV1"]!.ToJsonString());
        Assert.Contains(pod["metadata"]!["managedFields"]!.AsArray(), e => e!["subresource"] is null);
    }

    [Fact]
    public async Task ASecondBindingIsAConflictNamingTheNodeAndLeavesThePodOnTheFirst()
    {
        await CreatePodAsync("bind-twice");
        Assert.Equal(201, (await BindAsync("bind-twice", "node-1")).Code);

        var again = await BindAsync("bind-twice", "node-2");

        Assert.Equal(409, again.Code);
        Assert.Equal("Conflict", again.Body!["reason"]!.GetValue<string>());
        Assert.Contains("pod bind-twice is already assigned to node \"node-1\"", again.Body!["message"]!.GetValue<string>());
        var pod = (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/bind-twice")).Body!;
        Assert.Equal("node-1", pod["spec"]!["nodeName"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConcurrentBindingsOfOnePodLetExactlyOneWin()
    {
        await CreatePodAsync("bind-race");

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => BindAsync("bind-race", $"node-{i}")));

        Assert.Single(results, r => r.Code == 201);
        Assert.All(results.Where(r => r.Code != 201), r => Assert.Equal(409, r.Code));
        var pod = (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/bind-race")).Body!;
        var node = pod["spec"]!["nodeName"]!.GetValue<string>();
        Assert.Equal(5, results.Count(r => r.Code == 409 && r.Body!["message"]!.GetValue<string>().Contains($"already assigned to node \"{node}\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ManyBindingsAtOnceEachLandAndOneToABoundPodAloneIsAConflict()
    {
        var names = Enumerable.Range(0, 40).Select(i => $"bind-many-{i}").ToList();
        foreach (var name in names) await CreatePodAsync(name);
        await CreatePodAsync("bind-many-taken");
        Assert.Equal(201, (await BindAsync("bind-many-taken", "node-1")).Code);

        // Sent together, so that they are stored together (group commit): the taken pod's refusal is its own.
        var results = await Task.WhenAll(names.Append("bind-many-taken").Select((n, i) => BindAsync(n, $"node-{i}")));

        Assert.All(results.SkipLast(1), r => Assert.Equal(201, r.Code));
        Assert.Equal(409, results[^1].Code);
        Assert.Contains("pod bind-many-taken is already assigned to node \"node-1\"", results[^1].Body!["message"]!.GetValue<string>());
        foreach (var (name, i) in names.Select((n, i) => (n, i)))
        {
            var pod = (await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/default/pods/{name}")).Body!;
            Assert.Equal($"node-{i}", pod["spec"]!["nodeName"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task ABindingWithoutATargetIsInvalidNamingTheField()
    {
        await CreatePodAsync("bind-invalid");

        var invalid = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bind-invalid/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bind-invalid"},"target":{"kind":"Node"}}""");

        Assert.Equal(422, invalid.Code);
        Assert.Equal("target.name", invalid.Body!["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        var pod = (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/bind-invalid")).Body!;
        Assert.Null(pod["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task BindingAMissingPodIsNotFoundAndADryRunBindsNothing()
    {
        Assert.Equal(404, (await BindAsync("bind-missing", "node-1")).Code);
        await CreatePodAsync("bind-dry");

        Assert.Equal(201, (await BindAsync("bind-dry", "node-1", "?dryRun=All")).Code);

        var pod = (await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/bind-dry")).Body!;
        Assert.Null(pod["spec"]!["nodeName"]);
    }

    [Fact]
    public async Task APodBeingDeletedCannotBeBound()
    {
        await CreatePodAsync("bind-deleting");
        var finalizer = await cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/bind-deleting",
            """{"metadata":{"finalizers":["example.com/hold"]}}""", "application/merge-patch+json");
        Assert.Equal(200, finalizer.Code);
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/bind-deleting")).Code);

        var bound = await BindAsync("bind-deleting", "node-1");

        Assert.Equal(409, bound.Code);
        Assert.Contains("pod is being deleted, cannot be assigned to a host", bound.Body!["message"]!.GetValue<string>());
        await cluster.SendAsync(HttpMethod.Patch, "/api/v1/namespaces/default/pods/bind-deleting",
            """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
    }
}
