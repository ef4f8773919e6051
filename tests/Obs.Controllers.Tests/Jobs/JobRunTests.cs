using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Tests.Jobs;

[Collection(ControllerCollection.Name)]
public sealed class JobRunTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static JsonObject Job(string ns, int completions, int parallelism, int backoffLimit) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": {"name": "work", "namespace": "{{ns}}"},
          "spec": {"completions": {{completions}}, "parallelism": {{parallelism}}, "backoffLimit": {{backoffLimit}},
                   "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]} } }
        }
        """)!;

    [Fact]
    public async Task AJobOfFiveCompletionsTwoAtATimeCompletes()
    {
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns) { Phase = "Succeeded" };
        var maxActive = 0;
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, 5, 2, 6));
        await Eventually.HoldsAsync(async () =>
        {
            var pods = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items;
            maxActive = Math.Max(maxActive, pods.Count(p => p.StringAt("status", "phase") is null or "Pending" or "Running"));
            var job = await _client.GetAsync(ResourceTypes.Job, ns, "work");
            return job.At("status", "conditions") is JsonArray c && c.Any(x => x.StringAt("type") == "Complete");
        }, async () => (await _client.GetAsync(ResourceTypes.Job, ns, "work"))["status"]?.ToJsonString() ?? "no status", 60);
        var done = await _client.GetAsync(ResourceTypes.Job, ns, "work");
        Assert.Equal(5, done.LongAt("status", "succeeded"));
        Assert.True(maxActive <= 2, $"{maxActive} pods ran at once");
        Assert.Equal(5, (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Count);
        var wait = await fixture.Cluster.KubectlOkAsync("wait", "--for=condition=complete", "job/work", "-n", ns, "--timeout=10s");
        Assert.Contains("condition met", wait);
    }

    [Fact]
    public async Task AFailingJobStopsAtItsBackoffLimit()
    {
        var ns = await fixture.NamespaceAsync();
        await using var kubelet = new FakeKubelet(_client, ns) { Phase = "Failed" };
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, 1, 1, 2));
        JsonObject job = new();
        await Eventually.HoldsAsync(async () =>
        {
            job = await _client.GetAsync(ResourceTypes.Job, ns, "work");
            return job.At("status", "conditions") is JsonArray c && c.Any(x => x.StringAt("type") == "Failed");
        }, async () => job["status"]?.ToJsonString() ?? "no status", 60);
        Assert.Equal(3, job.LongAt("status", "failed"));
        var failed = job.At("status", "conditions")!.AsArray().Single(c => c.StringAt("type") == "Failed");
        Assert.Equal("BackoffLimitExceeded", failed.StringAt("reason"));
        Assert.Equal(3, (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Count);
    }
}
