using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Jobs;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>
/// The tracking finalizer against the real apiserver and controller manager: counts never go
/// back when pods are deleted, and no pod is left stuck Terminating. The tests play the node
/// agent, writing each pod's end.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class PodTrackingRunTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static JsonObject Job(string ns, int completions, int parallelism) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": {"name": "work", "namespace": "{{ns}}"},
          "spec": {"completions": {{completions}}, "parallelism": {{parallelism}}, "backoffLimit": 6,
                   "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]} } }
        }
        """)!;

    private async Task EndAsync(JsonObject pod, string phase)
    {
        pod["status"] = new JsonObject { ["phase"] = phase };
        await _client.UpdateStatusAsync(ResourceTypes.Pod, pod);
    }

    private static bool IsComplete(JsonObject job) => JobFixtures.Conditions(job["status"]).Contains("Complete CompletionsReached");

    [Fact]
    public async Task AFailedPodDeletedAfterItWasCountedStaysCounted()
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, 1, 1));
        var first = Assert.Single(await JobFixtures.NewPodsAsync(_client, ns, 1));
        Assert.Contains(TrackingFinalizer.Name, ObjectMeta.Finalizers(first));
        await EndAsync(first, "Failed");

        // Counted, and its finalizer lifted: now anyone may delete it.
        await JobFixtures.JobWhenAsync(_client, ns, j => j.LongAt("status", "failed") == 1);
        await Eventually.HoldsAsync(async () => !TrackingFinalizer.IsOn(await _client.GetAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(first)!)), () => Task.FromResult("finalizer still on"));
        await _client.DeleteAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(first)!, new DeleteOptions { GracePeriodSeconds = 0 });

        var second = Assert.Single(await JobFixtures.NewPodsAsync(_client, ns, 1));
        await EndAsync(second, "Succeeded");
        var job = await JobFixtures.JobWhenAsync(_client, ns, IsComplete);
        Assert.Equal(1, job.LongAt("status", "failed"));
        Assert.Equal(1, job.LongAt("status", "succeeded"));
        Assert.Equal("{}", job["status"]!["uncountedTerminatedPods"]!.ToJsonString());
        var describe = await fixture.Cluster.KubectlOkAsync("describe", "job", "work", "-n", ns);
        Assert.Contains("0 Active (0 Ready) / 1 Succeeded / 1 Failed", describe);
    }

    [Fact]
    public async Task AFinishedJobLeavesNoPodHoldingTheFinalizer()
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, 2, 2));
        foreach (var pod in await JobFixtures.NewPodsAsync(_client, ns, 2)) await EndAsync(pod, "Succeeded");
        var job = await JobFixtures.JobWhenAsync(_client, ns, IsComplete);
        Assert.Equal(2, job.LongAt("status", "succeeded"));
        var pods = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items;
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.DoesNotContain(TrackingFinalizer.Name, ObjectMeta.Finalizers(p)));
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    public async Task DeletingARunningJobTakesItsPodsWithIt(string propagation)
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, 3, 2));
        var pods = await JobFixtures.NewPodsAsync(_client, ns, 2);
        Assert.All(pods, p => Assert.Contains(TrackingFinalizer.Name, ObjectMeta.Finalizers(p)));

        await _client.DeleteAsync(ResourceTypes.Job, ns, "work", new DeleteOptions { PropagationPolicy = propagation });
        IReadOnlyList<JsonObject> left = pods;
        await Eventually.HoldsAsync(async () =>
        {
            left = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items;
            return left.Count == 0 && (await _client.ListAsync(ResourceTypes.Job, ns)).Items.Count == 0;
        }, () => Task.FromResult("pods left: " + string.Join(", ", left.Select(p => $"{ObjectMeta.Name(p)} {p["metadata"]!["finalizers"]?.ToJsonString()}"))), 60);
    }

    [Fact]
    public async Task APodWhoseJobWasDeletedLeavingItBehindIsFreeToGo()
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, 1, 1));
        var pod = Assert.Single(await JobFixtures.NewPodsAsync(_client, ns, 1));
        await _client.DeleteAsync(ResourceTypes.Job, ns, "work", DeleteOptions.Orphan);
        await Eventually.HoldsAsync(async () => (await _client.ListAsync(ResourceTypes.Job, ns)).Items.Count == 0, () => Task.FromResult("Job left"));

        // Left running, it keeps the finalizer; deleted, it goes.
        await _client.DeleteAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 0 });
        await Eventually.HoldsAsync(async () => (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Count == 0, () => Task.FromResult("pod left"));
    }

    [Fact]
    public async Task APodOfADeletedJobStaysUntilItsNodeAgentStoppedIt()
    {
        var ns = await fixture.NamespaceAsync();
        var manifest = Job(ns, 1, 1);
        manifest["spec"]!["template"]!["spec"]!["nodeName"] = "node-1";
        await _client.CreateAsync(ResourceTypes.Job, manifest);
        var pod = Assert.Single(await JobFixtures.NewPodsAsync(_client, ns, 1));
        pod["status"] = new JsonObject { ["phase"] = "Running" };
        pod = await _client.UpdateStatusAsync(ResourceTypes.Pod, pod);

        await _client.DeleteAsync(ResourceTypes.Job, ns, "work", DeleteOptions.Background);
        JsonObject stopping = pod;
        await Eventually.HoldsAsync(async () =>
        {
            stopping = await _client.GetAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(pod)!);
            return ObjectMeta.DeletionTimestamp(stopping) is not null;
        }, () => Task.FromResult("pod not deleted"));
        // Its grace period runs: it waits for its node agent, its finalizer lifted or not.
        Assert.Equal("Running", stopping.StringAt("status", "phase"));

        // The node agent stopped it: its end written, then its deletion finished.
        stopping["status"] = new JsonObject { ["phase"] = "Failed" };
        await _client.UpdateStatusAsync(ResourceTypes.Pod, stopping);
        try
        {
            await _client.DeleteAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(pod)!, new DeleteOptions { GracePeriodSeconds = 0 });
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
        await Eventually.HoldsAsync(async () =>
            (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Count == 0 && (await _client.ListAsync(ResourceTypes.Job, ns)).Items.Count == 0,
            () => Task.FromResult("pod or Job left"));
    }
}
