using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Rest;
using Obs.Controllers.Jobs;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>
/// Pod failure and success policies against the real apiserver and controller manager. The
/// tests play the node agent themselves, giving each pod the end (exit code, condition) the
/// behaviour needs.
/// </summary>
[Collection(ControllerCollection.Name)]
public sealed class JobPolicyRunTests(ControllerCluster fixture)
{
    private readonly ApiClient _client = fixture.Client;

    private static JsonObject Job(string ns, string spec) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": {"name": "work", "namespace": "{{ns}}"},
          "spec": {{spec}}
        }
        """)!;

    private const string Template = """
        "template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]} }
        """;

    /// <summary>What the node agent would write when the pod's main container ends.</summary>
    private async Task EndAsync(JsonObject pod, string phase, int exitCode, string? condition = null)
    {
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = exitCode, ["finishedAt"] = now } },
            }),
        };
        if (condition is not null)
            pod["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = condition, ["status"] = "True", ["lastTransitionTime"] = now });
        await _client.UpdateStatusAsync(ResourceTypes.Pod, pod);
    }

    private static List<string> Conditions(JsonObject job) => JobFixtures.Conditions(job["status"]);

    private async Task<string> StatusColumnAsync(string ns)
    {
        var line = await fixture.Cluster.KubectlOkAsync("get", "job", "work", "-n", ns, "--no-headers");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
    }

    [Fact]
    public async Task AFailJobRuleFailsTheJobOnceItsOtherPodHasTerminated()
    {
        var ns = await fixture.NamespaceAsync();
        // Bound to a node, so a deleted pod waits for its (here: this test's) node agent to stop it.
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, """
            {"completions": 4, "parallelism": 2, "backoffLimit": 6,
             "podFailurePolicy": {"rules": [{"action": "FailJob", "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]}}]},
             "template": {"spec": {"restartPolicy": "Never", "nodeName": "node-1", "containers": [{"name": "main", "image": "busybox"}]} } }
            """));
        var pods = await JobFixtures.NewPodsAsync(_client, ns, 2);
        await EndAsync(pods[0], "Failed", 42);

        // The failed pod is counted once its finalizer is lifted, a step after the FailureTarget is written.
        var job = await JobFixtures.JobWhenAsync(_client, ns, j => Conditions(j).Contains("FailureTarget PodFailurePolicy") && j.LongAt("status", "terminating") == 1 && j.LongAt("status", "failed") == 1);
        Assert.Equal(["FailureTarget PodFailurePolicy"], Conditions(job));
        Assert.Equal($"Container main for pod {ns}/{ObjectMeta.Name(pods[0])} failed with exit code 42 matching FailJob rule at index 0",
            job["status"]!["conditions"]![0].StringAt("message"));
        Assert.Equal(1, job.LongAt("status", "failed"));
        Assert.Equal("FailureTarget", await StatusColumnAsync(ns));
        var stopping = await _client.GetAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(pods[1])!);
        Assert.NotNull(ObjectMeta.DeletionTimestamp(stopping));
        Assert.Contains(TrackingFinalizer.Name, ObjectMeta.Finalizers(stopping));

        // The node agent has stopped the other pod (its end written, then its deletion finished): now the
        // Job has failed, the stopped pod counted as a failure too, as Kubernetes counts it.
        await EndAsync(stopping, "Failed", 137);
        try
        {
            await _client.DeleteAsync(ResourceTypes.Pod, ns, ObjectMeta.Name(pods[1])!, new DeleteOptions { GracePeriodSeconds = 0 });
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            // The controller counted it and lifted its finalizer first: it is gone already.
        }
        job = await JobFixtures.JobWhenAsync(_client, ns, j => Conditions(j).Contains("Failed PodFailurePolicy"));
        Assert.Equal(["FailureTarget PodFailurePolicy", "Failed PodFailurePolicy"], Conditions(job));
        Assert.Equal(0, job.LongAt("status", "terminating"));
        Assert.Single((await _client.ListAsync(ResourceTypes.Pod, ns)).Items);
        Assert.Equal("Failed", await StatusColumnAsync(ns));
        var describe = "";
        await Eventually.HoldsAsync(async () =>
        {
            describe = await fixture.Cluster.KubectlOkAsync("describe", "job", "work", "-n", ns);
            return describe.Contains("PodFailurePolicy", StringComparison.Ordinal);
        }, () => Task.FromResult(describe));
        Assert.Contains("0 Active (0 Ready) / 0 Succeeded / 2 Failed", describe);
        Assert.Contains("failed with exit code 42 matching FailJob rule at index 0", describe);
    }

    [Fact]
    public async Task AnIgnoredDisruptionIsReplacedWithoutUsingTheBackoffLimit()
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, $$"""
            {"completions": 1, "parallelism": 1, "backoffLimit": 0,
             "podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]},
             {{Template}} }
            """));
        await EndAsync((await JobFixtures.NewPodsAsync(_client, ns, 1))[0], "Failed", 137, condition: "DisruptionTarget");
        await EndAsync((await JobFixtures.NewPodsAsync(_client, ns, 1))[0], "Succeeded", 0);

        var job = await JobFixtures.JobWhenAsync(_client, ns, j => Conditions(j).Contains("Complete CompletionsReached"));
        Assert.Equal(["SuccessCriteriaMet CompletionsReached", "Complete CompletionsReached"], Conditions(job));
        Assert.Null(job.LongAt("status", "failed"));
        Assert.Equal(1, job.LongAt("status", "succeeded"));
    }

    [Fact]
    public async Task ASuccessPolicyCompletesAnIndexedJobEarly()
    {
        var ns = await fixture.NamespaceAsync();
        await _client.CreateAsync(ResourceTypes.Job, Job(ns, $$"""
            {"completions": 3, "parallelism": 3, "completionMode": "Indexed",
             "successPolicy": {"rules": [{"succeededIndexes": "0"}]},
             {{Template}} }
            """));
        var pods = await JobFixtures.NewPodsAsync(_client, ns, 3);
        await EndAsync(pods.Single(p => p.StringAt("metadata", "annotations", "batch.kubernetes.io/job-completion-index") == "0"), "Succeeded", 0);

        var job = await JobFixtures.JobWhenAsync(_client, ns, j => Conditions(j).Contains("Complete SuccessPolicy"));
        Assert.Equal(["SuccessCriteriaMet SuccessPolicy", "Complete SuccessPolicy"], Conditions(job));
        Assert.Equal("0", job.StringAt("status", "completedIndexes"));
        Assert.Single((await _client.ListAsync(ResourceTypes.Pod, ns)).Items);
        Assert.Equal("Complete", await StatusColumnAsync(ns));
    }

    [Fact]
    public async Task ASuccessPolicyOnANonIndexedJobIsRejectedNamingTheField()
    {
        var ns = await fixture.NamespaceAsync();
        var error = await Assert.ThrowsAsync<ApiException>(() => _client.CreateAsync(ResourceTypes.Job, Job(ns, $$"""
            {"completions": 3, "successPolicy": {"rules": [{"succeededCount": 1}]}, {{Template}} }
            """)));
        Assert.Equal(422, error.Code);
        Assert.Equal("spec.successPolicy", error.Status["details"]!["causes"]![0].StringAt("field"));
    }
}
