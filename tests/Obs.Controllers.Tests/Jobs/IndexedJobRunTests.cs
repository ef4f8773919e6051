using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>An Indexed Job on the real apiserver, as kubectl shows it.</summary>
[Collection(ControllerCollection.Name)]
public sealed class IndexedJobRunTests(ControllerCluster fixture)
{
    private const string IndexKey = "batch.kubernetes.io/job-completion-index";
    private readonly ApiClient _client = fixture.Client;

    private static string Manifest(string ns) => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: work, namespace: {{ns}}}
        spec:
          completionMode: Indexed
          completions: 4
          parallelism: 2
          template:
            spec:
              restartPolicy: Never
              subdomain: work
              containers:
              - {name: c, image: busybox}
        """;

    /// <summary>
    /// Plays the node agent: the first pod of index 2 fails, every other pod succeeds, so the Job
    /// must start a second pod for index 2 before it can complete.
    /// </summary>
    private async Task RunPodsAsync(string ns, CancellationToken stop)
    {
        var failedOnce = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var pod in (await _client.ListAsync(ResourceTypes.Pod, ns, null, stop)).Items)
                {
                    if (pod.StringAt("status", "phase") is not (null or "Pending") || ObjectMeta.DeletionTimestamp(pod) is not null) continue;
                    var fail = !failedOnce && pod.StringAt("metadata", "annotations", IndexKey) == "2";
                    pod["status"] = new JsonObject { ["phase"] = fail ? "Failed" : "Succeeded" };
                    await _client.UpdateStatusAsync(ResourceTypes.Pod, pod, null, stop);
                    failedOnce |= fail;
                }
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ApiException)
            {
                // Changed meanwhile: the next round sees it as it is.
            }
        }
    }

    [Fact]
    public async Task EveryIndexRunsOnceAFailedIndexRunsAgainAndKubectlShowsTheIndexes()
    {
        var cluster = fixture.Cluster;
        var ns = await fixture.NamespaceAsync();
        using var stop = new CancellationTokenSource();
        var kubelet = RunPodsAsync(ns, stop.Token);
        await cluster.KubectlOkAsync("apply", "-f", cluster.Manifest($"indexed-{ns}.yaml", Manifest(ns)));
        JsonObject job = new();
        await Eventually.HoldsAsync(async () =>
        {
            job = await _client.GetAsync(ResourceTypes.Job, ns, "work");
            return job.At("status", "conditions") is JsonArray c && c.Any(x => x.StringAt("type") == "Complete");
        }, () => Task.FromResult(job["status"]?.ToJsonString() ?? "no status"), 60);
        await stop.CancelAsync();
        await kubelet;

        Assert.Equal("0-3", job.StringAt("status", "completedIndexes"));
        Assert.Equal(4, job.LongAt("status", "succeeded"));
        Assert.Equal(1, job.LongAt("status", "failed"));
        var pods = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items;
        Assert.Equal(["0", "1", "2", "2", "3"], pods.Select(p => p.StringAt("metadata", "annotations", IndexKey)).Order());
        foreach (var pod in pods)
        {
            var index = pod.StringAt("metadata", "annotations", IndexKey);
            Assert.Matches($"^work-{index}-[a-z0-9]{{5}}$", ObjectMeta.Name(pod));
            Assert.Equal(index, pod.StringAt("metadata", "labels", IndexKey));
            Assert.Equal($"work-{index}", pod.StringAt("spec", "hostname"));
            Assert.Equal("work", pod.StringAt("spec", "subdomain"));
            var env = Assert.Single((JsonArray)pod.At("spec", "containers")![0]!["env"]!, e => e.StringAt("name") == "JOB_COMPLETION_INDEX");
            Assert.Equal($"metadata.annotations['{IndexKey}']", env.StringAt("valueFrom", "fieldRef", "fieldPath"));
        }

        var output = "";
        await Eventually.HoldsAsync(async () =>
        {
            output = await cluster.KubectlOkAsync("describe", "job", "work", "-n", ns);
            return Regex.Matches(output, "SuccessfulCreate").Count >= 1 && output.Contains("Completed", StringComparison.Ordinal);
        }, () => Task.FromResult(output));
        foreach (var line in (string[])
        [
            @"Completion Mode:\s+Indexed",
            @"Completed Indexes:\s+0-3",
            @"Pods Statuses:\s+0 Active \(0 Ready\) / 4 Succeeded / 1 Failed",
            @"Normal\s+SuccessfulCreate\s+\S+\s+job-controller\s+Created pod: work-2-",
            @"Normal\s+Completed\s+\S+\s+job-controller\s+Job completed",
        ])
        {
            Assert.True(Regex.IsMatch(output, line), $"/{line}/ in kubectl describe:\n{output}");
        }
    }
}
