using System.Text.Json.Nodes;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>The Kubernetes split: a write to the object cannot change its status, a write to /status nothing else; generation counts spec changes only.</summary>
public sealed class SubresourceSplitTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Deployments = "/apis/apps/v1/namespaces/default/deployments";

    private static string Deployment(string name, int replicas, string? status = null)
    {
        var labels = new JsonObject { ["app"] = name };
        var deployment = new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["selector"] = new JsonObject { ["matchLabels"] = labels.DeepClone() },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels },
                    ["spec"] = JsonNode.Parse("""{"containers":[{"name":"c","image":"nginx"}]}"""),
                },
            },
        };
        if (status is not null) deployment["status"] = JsonNode.Parse(status);
        return deployment.ToJsonString();
    }

    private async Task<JsonNode> GetAsync(string name) => (await cluster.SendAsync(HttpMethod.Get, $"{Deployments}/{name}")).Body!;

    [Fact]
    public async Task CreateResetsStatusAndStartsGenerationAtOne()
    {
        var (code, created) = await cluster.SendAsync(HttpMethod.Post, Deployments, Deployment("split-create", 1, """{"replicas":99}"""));
        Assert.Equal(201, code);
        Assert.Null(created!["status"]!["replicas"]);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task AnUpdateOfTheObjectKeepsTheStoredStatus()
    {
        await cluster.SendAsync(HttpMethod.Post, Deployments, Deployment("split-main", 1));
        var (statusCode, _) = await cluster.SendAsync(HttpMethod.Put, $"{Deployments}/split-main/status", Deployment("split-main", 1, """{"replicas":1,"readyReplicas":1}"""));
        Assert.Equal(200, statusCode);
        var (code, updated) = await cluster.SendAsync(HttpMethod.Put, $"{Deployments}/split-main", Deployment("split-main", 3, """{"replicas":42}"""));
        Assert.Equal(200, code);
        Assert.Equal(1, updated!["status"]!["replicas"]!.GetValue<long>());
        Assert.Equal(3, updated["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(2, updated["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task AStatusWriteChangesNothingButStatus()
    {
        await cluster.SendAsync(HttpMethod.Post, Deployments, Deployment("split-status", 1));
        var (code, updated) = await cluster.SendAsync(HttpMethod.Put, $"{Deployments}/split-status/status", Deployment("split-status", 7, """{"replicas":1,"observedGeneration":1}"""));
        Assert.Equal(200, code);
        Assert.Equal(1, updated!["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal(1, updated["status"]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(1, updated["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task MetadataChangesDoNotBumpTheGeneration()
    {
        await cluster.SendAsync(HttpMethod.Post, Deployments, Deployment("split-meta", 1));
        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{Deployments}/split-meta", """{"metadata":{"labels":{"x":"y"}}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal(1, patched!["metadata"]!["generation"]!.GetValue<long>());
        var (_, scaled) = await cluster.SendAsync(HttpMethod.Patch, $"{Deployments}/split-meta", """{"spec":{"replicas":2}}""", "application/merge-patch+json");
        Assert.Equal(2, scaled!["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task ReplacingWithTheSameManifestWithoutTheDefaultsKeepsTheGeneration()
    {
        // kubectl replace -f of the manifest the object was created from: the spec lacks every field the server defaults
        // (strategy, revisionHistoryLimit, the template's restartPolicy…), and is the same spec once defaulted.
        await cluster.SendAsync(HttpMethod.Post, Deployments, Deployment("split-replace", 1));
        var (code, replaced) = await cluster.SendAsync(HttpMethod.Put, $"{Deployments}/split-replace", Deployment("split-replace", 1));
        Assert.Equal(200, code);
        Assert.Equal(1, replaced!["metadata"]!["generation"]!.GetValue<long>());
        var (_, scaled) = await cluster.SendAsync(HttpMethod.Put, $"{Deployments}/split-replace", Deployment("split-replace", 3));
        Assert.Equal(2, scaled!["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public async Task ServerOwnedMetadataCannotBeOverwritten()
    {
        var (_, created) = await cluster.SendAsync(HttpMethod.Post, Deployments, Deployment("split-owned", 1));
        var uid = created!["metadata"]!["uid"]!.GetValue<string>();
        var stamp = created["metadata"]!["creationTimestamp"]!.GetValue<string>();
        var (code, patched) = await cluster.SendAsync(HttpMethod.Patch, $"{Deployments}/split-owned",
            """{"metadata":{"uid":"forged","creationTimestamp":"2001-01-01T00:00:00Z","generation":99}}""", "application/merge-patch+json");
        Assert.True(code is 200 or 422, $"answered {code}");
        var live = await GetAsync("split-owned");
        Assert.Equal(uid, live["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(stamp, live["metadata"]!["creationTimestamp"]!.GetValue<string>());
        Assert.Equal(1, live["metadata"]!["generation"]!.GetValue<long>());
        _ = patched;
    }
}
