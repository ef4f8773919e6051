using Obs.Testing;

namespace Obs.ApiServer.Tests.Registry;

/// <summary>
/// A pod bound to a node is deleted gracefully: it stays, terminating, until its node agent deletes it
/// with a grace period of 0, even when a finalizer on it is removed first (as kube-apiserver decides it).
/// </summary>
public sealed class GracefulDeletionTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    private async Task CreateBoundPodAsync(string name)
    {
        var (code, _) = await cluster.SendAsync(HttpMethod.Post, Pods, $$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}","finalizers":["example.com/hold"]},
             "spec":{"nodeName":"somewhere","containers":[{"name":"main","image":"busybox"}]}}
            """);
        Assert.Equal(201, code);
    }

    private Task<(int Code, System.Text.Json.Nodes.JsonNode? Body)> RemoveFinalizerAsync(string name) =>
        cluster.SendAsync(HttpMethod.Patch, $"{Pods}/{name}", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");

    private async Task<int> GetCodeAsync(string name) => (await cluster.SendAsync(HttpMethod.Get, $"{Pods}/{name}")).Code;

    [Fact]
    public async Task RemovingTheLastFinalizerDuringTheGracePeriodLeavesThePodToItsAgent()
    {
        await CreateBoundPodAsync("graceful");
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, $"{Pods}/graceful")).Code);
        var (code, pod) = await RemoveFinalizerAsync("graceful");
        Assert.Equal(200, code);
        Assert.NotNull(pod!["metadata"]!["deletionTimestamp"]);
        Assert.Equal(200, await GetCodeAsync("graceful"));

        // The agent, done stopping it, deletes it for good.
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, $"{Pods}/graceful", """{"gracePeriodSeconds":0}""")).Code);
        Assert.Equal(404, await GetCodeAsync("graceful"));
    }

    [Fact]
    public async Task AnAgentsFinalDeleteWhileAFinalizerHoldsThePodLetsTheFinalizersRemovalDeleteIt()
    {
        await CreateBoundPodAsync("held");
        Assert.Equal(200, (await cluster.SendAsync(HttpMethod.Delete, $"{Pods}/held")).Code);
        var (_, shortened) = await cluster.SendAsync(HttpMethod.Delete, $"{Pods}/held", """{"gracePeriodSeconds":0}""");
        Assert.Equal(0, shortened!["metadata"]!["deletionGracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal(200, await GetCodeAsync("held"));

        Assert.Equal(200, (await RemoveFinalizerAsync("held")).Code);
        Assert.Equal(404, await GetCodeAsync("held"));
    }
}
