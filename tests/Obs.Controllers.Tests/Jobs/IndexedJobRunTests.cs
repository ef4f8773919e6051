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

    private static string Manifest(string ns, string limits = "") => $$"""
        apiVersion: batch/v1
        kind: Job
        metadata: {name: work, namespace: {{ns}}}
        spec:
          completionMode: Indexed
          completions: 4
          parallelism: 2{{limits}}
          template:
            spec:
              restartPolicy: Never
              subdomain: work
              containers:
              - {name: c, image: busybox}
        """;

    /// <summary>Plays the node agent: each new pod fails when <paramref name="fails"/> says so and succeeds otherwise.</summary>
    private async Task RunPodsAsync(string ns, Func<JsonObject, bool> fails, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                foreach (var pod in (await _client.ListAsync(ResourceTypes.Pod, ns, null, stop)).Items)
                {
                    if (pod.StringAt("status", "phase") is not (null or "Pending") || ObjectMeta.DeletionTimestamp(pod) is not null) continue;
                    pod["status"] = new JsonObject { ["phase"] = fails(pod) ? "Failed" : "Succeeded" };
                    await _client.UpdateStatusAsync(ResourceTypes.Pod, pod, null, stop);
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

    /// <summary>Applies the Job with kubectl, plays the node agent until the Job has <paramref name="condition"/>, and returns the Job.</summary>
    private async Task<JsonObject> RunUntilAsync(string ns, string manifest, Func<JsonObject, bool> fails, string condition)
    {
        using var stop = new CancellationTokenSource();
        var kubelet = RunPodsAsync(ns, fails, stop.Token);
        await fixture.Cluster.KubectlOkAsync("apply", "-f", fixture.Cluster.Manifest($"job-{ns}.yaml", manifest));
        JsonObject job = new();
        await Eventually.HoldsAsync(async () =>
        {
            job = await _client.GetAsync(ResourceTypes.Job, ns, "work");
            return job.At("status", "conditions") is JsonArray c && c.Any(x => x.StringAt("type") == condition);
        }, () => Task.FromResult(job["status"]?.ToJsonString() ?? "no status"), 60);
        await stop.CancelAsync();
        await kubelet;
        return job;
    }

    [Fact]
    public async Task EveryIndexRunsOnceAFailedIndexRunsAgainAndKubectlShowsTheIndexes()
    {
        var ns = await fixture.NamespaceAsync();
        // The first pod of index 2 fails, so the Job must start a second pod for index 2.
        var failedOnce = false;
        var job = await RunUntilAsync(ns, Manifest(ns), pod => !failedOnce && (failedOnce = pod.StringAt("metadata", "annotations", IndexKey) == "2"), "Complete");

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

        await DescribeShowsAsync(ns,
        [
            @"Completion Mode:\s+Indexed",
            @"Completed Indexes:\s+0-3",
            @"Pods Statuses:\s+0 Active \(0 Ready\) / 4 Succeeded / 1 Failed",
            @"Normal\s+SuccessfulCreate\s+\S+\s+job-controller\s+Created pod: work-2-",
            @"Normal\s+Completed\s+\S+\s+job-controller\s+Job completed",
        ]);
    }

    /// <summary>Runs kubectl describe until every pattern shows (events are written in the background).</summary>
    private async Task DescribeShowsAsync(string ns, string[] patterns)
    {
        var output = "";
        await Eventually.HoldsAsync(async () =>
        {
            output = await fixture.Cluster.KubectlOkAsync("describe", "job", "work", "-n", ns);
            return patterns.All(p => Regex.IsMatch(output, p));
        }, () => Task.FromResult($"{string.Join(", ", patterns.Where(p => !Regex.IsMatch(output, p)).Select(p => "/" + p + "/"))} in kubectl describe:\n{output}"));
    }

    [Fact]
    public async Task AnIndexThatFailsPastItsBackoffLimitPerIndexFailsTheJobOnceTheOthersSucceeded()
    {
        var ns = await fixture.NamespaceAsync();
        var job = await RunUntilAsync(ns, Manifest(ns, "\n  backoffLimitPerIndex: 1"), pod => pod.StringAt("metadata", "annotations", IndexKey) == "1", "Failed");

        Assert.Equal("1", job.StringAt("status", "failedIndexes"));
        Assert.Equal("0,2,3", job.StringAt("status", "completedIndexes"));
        Assert.Equal(2, job.LongAt("status", "failed"));
        var ofIndex1 = (await _client.ListAsync(ResourceTypes.Pod, ns)).Items.Where(p => p.StringAt("metadata", "annotations", IndexKey) == "1");
        Assert.Equal(["0", "1"], ofIndex1.Select(p => p.StringAt("metadata", "annotations", "batch.kubernetes.io/job-index-failure-count")).Order());
        // kubectl describe (1.32) shows no failed indexes; the Failed condition's event says it.
        await DescribeShowsAsync(ns,
        [
            @"Completed Indexes:\s+0,2,3",
            @"Warning\s+FailedIndexes\s+\S+\s+job-controller\s+Job has failed indexes",
        ]);
    }
}
