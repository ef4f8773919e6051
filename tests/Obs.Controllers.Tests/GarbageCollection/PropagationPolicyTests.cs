using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.GarbageCollection;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Tests.GarbageCollection;

/// <summary>Deleting a Deployment with each propagation policy ends as it does in Kubernetes.</summary>
[Collection(ControllerCollection.Name)]
public sealed class PropagationPolicyTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private async Task<string> DeploymentReadyAsync(int replicas)
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Deployment, Workloads.Deployment(ns, "web", replicas));
        return ns;
    }

    private async Task WaitReadyAsync(string ns, int replicas) =>
        await Eventually.HoldsAsync(async () => (await Workloads.LivePodsAsync(_client, ns)).Count(PodState.IsReady) == replicas,
            async () => $"{(await Workloads.LivePodsAsync(_client, ns)).Count} pods");

    [Fact]
    public async Task BackgroundDeletesReplicaSetsAndPodsAfterTheDeployment()
    {
        var ns = await DeploymentReadyAsync(2);
        await using var kubelet = new FakeKubelet(_client, ns);
        await WaitReadyAsync(ns, 2);
        await fixture.Cluster.KubectlOkAsync("delete", "deployment/web", "-n", ns, "--cascade=background");
        Assert.Null(await _client.TryGetAsync(ResourceTypes.Deployment, ns, "web"));
        await Eventually.HoldsAsync(async () => (await Workloads.ListAsync(_client, ResourceTypes.ReplicaSet, ns)).Count == 0
            && (await Workloads.ListAsync(_client, ResourceTypes.Pod, ns)).Count == 0, async () => "replica sets and pods to go");
    }

    [Fact]
    public async Task ForegroundDeletesPodsAndReplicaSetsBeforeTheDeployment()
    {
        var ns = await DeploymentReadyAsync(2);
        await using var kubelet = new FakeKubelet(_client, ns);
        await WaitReadyAsync(ns, 2);
        await _client.DeleteAsync(ResourceTypes.Deployment, ns, "web", DeleteOptions.Foreground);
        var sawWaiting = false;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var d = await _client.TryGetAsync(ResourceTypes.Deployment, ns, "web");
            var sets = await Workloads.ListAsync(_client, ResourceTypes.ReplicaSet, ns);
            var pods = await Workloads.ListAsync(_client, ResourceTypes.Pod, ns);
            if (d is null)
            {
                // The owner goes last: by the time it is gone, so is everything it blocked on.
                Assert.Empty(sets);
                Assert.Empty(pods);
                break;
            }
            if (ObjectMeta.Finalizers(d).Contains(GarbageCollector.ForegroundFinalizer) && ObjectMeta.DeletionTimestamp(d) is not null) sawWaiting = true;
            Assert.True(DateTime.UtcNow < deadline, $"the deployment is still there with {sets.Count} replica sets and {pods.Count} pods");
            await Task.Delay(20);
        }
        Assert.True(sawWaiting, "the deployment never waited with the foregroundDeletion finalizer");
    }

    [Fact]
    public async Task OrphanLeavesReplicaSetAndPodsWithoutTheOwner()
    {
        var ns = await DeploymentReadyAsync(2);
        await using var kubelet = new FakeKubelet(_client, ns);
        await WaitReadyAsync(ns, 2);
        var sets = await Workloads.ListAsync(_client, ResourceTypes.ReplicaSet, ns);
        // A full run once found no ReplicaSet here with both pods ready (not reproduced since): say what there was.
        if (sets.Count != 1)
        {
            var all = await Workloads.ListAsync(_client, ResourceTypes.Pod, ns);
            Assert.Fail($"{sets.Count} replica sets with 2 pods ready; pods and their owners: " +
                string.Join(", ", all.Select(p => $"{ObjectMeta.Name(p)} {OwnerReferences.Controller(p)?.ToJsonString()} deleting={ObjectMeta.DeletionTimestamp(p) is not null}")) +
                $"; controllers said:\n{fixture.Log.Text()}");
        }
        var rsBefore = sets[0];
        await fixture.Cluster.KubectlOkAsync("delete", "deployment/web", "-n", ns, "--cascade=orphan");
        await Eventually.HoldsAsync(async () => await _client.TryGetAsync(ResourceTypes.Deployment, ns, "web") is null, async () => "the deployment to go");
        var rs = Assert.Single(await Workloads.ListAsync(_client, ResourceTypes.ReplicaSet, ns));
        Assert.Equal(ObjectMeta.Uid(rsBefore), ObjectMeta.Uid(rs));
        Assert.Empty(OwnerReferences.Of(rs));
        await Task.Delay(1000);
        var pods = await Workloads.LivePodsAsync(_client, ns);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Equal(ObjectMeta.Uid(rs), OwnerReferences.Controller(p)?["uid"]?.GetValue<string>()));
    }
}
