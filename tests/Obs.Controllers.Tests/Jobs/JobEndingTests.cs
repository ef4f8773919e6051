using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>How a Job ends: successPolicy, and the pods still terminating that hold back Failed and Complete.</summary>
public sealed class JobEndingTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Job(int completions, int parallelism, string? successRules = null, bool indexed = true, int backoffLimit = 6)
    {
        var job = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "batch/v1", "kind": "Job",
              "metadata": {"name": "pi", "namespace": "ns", "uid": "job-uid", "resourceVersion": "2"},
              "spec": {
                "completions": {{completions}}, "parallelism": {{parallelism}}, "backoffLimit": {{backoffLimit}},
                "selector": {"matchLabels": {"job-name": "pi"} },
                "template": {"metadata": {"labels": {"job-name": "pi"} }, "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "perl"}]} }
              }
            }
            """)!;
        if (indexed) job["spec"]!["completionMode"] = "Indexed";
        if (successRules is not null) job["spec"]!["successPolicy"] = JsonNode.Parse($$"""{"rules": {{successRules}} }""");
        return job;
    }

    private static JsonObject Pod(string name, string phase, int? index = null, bool deleting = false, bool ready = false) =>
        JobFixtures.Pod(name, phase, index, ready, deleting);

    private Task<JsonNode?> SyncAsync(JsonObject job, params JsonObject[] pods) => JobFixtures.SyncAsync(_control, job, pods);

    private List<string?> CreatedIndexes() => JobFixtures.CreatedIndexes(_control);

    [Fact]
    public async Task ASuccessPolicyRuleMetStopsTheOtherIndexesThenCompletes()
    {
        var job = Job(5, 5, """[{"succeededIndexes": "0-1"}, {"succeededIndexes": "0", "succeededCount": 1}]""");
        var status = await SyncAsync(job, Pod("a", "Succeeded", 0), Pod("b", "Running", 1), Pod("c", "Running", 2));
        Assert.Equal(["SuccessCriteriaMet SuccessPolicy"], JobFixtures.Conditions(status));
        Assert.Equal("Matched rules at index 1", status!["conditions"]![0].StringAt("message"));
        Assert.Equal(["b", "c"], _control.Of("delete", ResourceTypes.Pod).Select(ObjectMeta.Name).Order());
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Null(status.StringAt("completionTime"));

        job["status"] = status.DeepClone();
        _control.Actions.Clear();
        status = await SyncAsync(job, Pod("a", "Succeeded", 0));
        Assert.Equal(["SuccessCriteriaMet SuccessPolicy", "Complete SuccessPolicy"], JobFixtures.Conditions(status));
        Assert.NotNull(status.StringAt("completionTime"));
        Assert.Equal(1, status.LongAt("succeeded"));
        Assert.Contains("Normal Completed job-controller Job completed", _control.EventLines);
    }

    [Fact]
    public async Task ASucceededCountWithIndexesCountsOnlyThoseIndexes()
    {
        // Indexes 1 and 4 are done, but of 1-3 only one is: the rule wants two.
        var status = await SyncAsync(Job(5, 5, """[{"succeededIndexes": "1-3", "succeededCount": 2}]"""), Pod("a", "Succeeded", 1), Pod("b", "Succeeded", 4));
        Assert.Equal([], JobFixtures.Conditions(status));
        Assert.Equal(["0", "2", "3"], CreatedIndexes());

        status = await SyncAsync(Job(5, 5, """[{"succeededIndexes": "1-3", "succeededCount": 2}]"""), Pod("a", "Succeeded", 1), Pod("b", "Succeeded", 3));
        Assert.Equal(["SuccessCriteriaMet SuccessPolicy", "Complete SuccessPolicy"], JobFixtures.Conditions(status));
    }

    [Fact]
    public async Task FailingWinsOverTheSuccessPolicy()
    {
        var status = await SyncAsync(Job(3, 3, """[{"succeededCount": 1}]""", backoffLimit: 0), Pod("a", "Succeeded", 0), Pod("b", "Failed", 1));
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], JobFixtures.Conditions(status));
    }

    [Fact]
    public async Task APodBeingDeletedIsTerminatingNotActiveAndIsReplaced()
    {
        // Asked to stop 20 s ago: the back-off after it (10 s) is over.
        var deleted = Pod("a", "Running", deleting: true);
        deleted["metadata"]!["deletionTimestamp"] = Stores.At(-10);
        var status = await SyncAsync(Job(3, 2, indexed: false), deleted, Pod("b", "Running", ready: true));
        Assert.Equal(1, status.LongAt("terminating"));
        Assert.Equal(1, status.LongAt("active"));
        Assert.Equal(1, status.LongAt("ready"));
        // podReplacementPolicy TerminatingOrFailed, the default without a pod failure policy.
        Assert.Single(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task WithPodReplacementPolicyFailedATerminatingPodIsReplacedOnlyOnceStopped()
    {
        var job = Job(3, 2);
        job["spec"]!["podReplacementPolicy"] = "Failed";
        var status = await SyncAsync(job, Pod("a", "Running", 0, deleting: true), Pod("b", "Running", 1));
        Assert.Equal(1, status.LongAt("terminating"));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));

        status = await SyncAsync(job, JobFixtures.FinishedAgo(Pod("a", "Failed", 0, deleting: true), 20), Pod("b", "Running", 1));
        Assert.Equal(0, status.LongAt("terminating"));
        Assert.Equal(1, status.LongAt("failed"));
        Assert.Equal(["0"], CreatedIndexes());
    }

    [Fact]
    public async Task FailedWaitsForTheTerminatingPods()
    {
        var job = Job(2, 2, indexed: false, backoffLimit: 0);
        var status = await SyncAsync(job, Pod("a", "Failed"), Pod("b", "Running", deleting: true));
        Assert.Equal(["FailureTarget BackoffLimitExceeded"], JobFixtures.Conditions(status));
        Assert.Equal(1, status.LongAt("terminating"));
        Assert.Empty(_control.EventLines);

        job["status"] = status!.DeepClone();
        status = await SyncAsync(job, Pod("a", "Failed"), Pod("b", "Failed", deleting: true));
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], JobFixtures.Conditions(status));
        Assert.Equal(0, status.LongAt("terminating"));
        Assert.Equal(["Warning BackoffLimitExceeded job-controller Job has reached the specified backoff limit"], _control.EventLines);
    }

    [Fact]
    public async Task CompletionsReachedStopsTheExtraPodsBeforeComplete()
    {
        var status = await SyncAsync(Job(2, 3, indexed: false), Pod("a", "Succeeded"), Pod("b", "Succeeded"), Pod("c", "Running"));
        Assert.Equal(["SuccessCriteriaMet CompletionsReached"], JobFixtures.Conditions(status));
        Assert.Equal("c", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Equal(1, status.LongAt("terminating"));
    }

    [Fact]
    public async Task APodStillListedAfterItsDeletionIsNotDeletedTwice()
    {
        var job = Job(2, 2, indexed: false, backoffLimit: 0);
        var (jobs, jobLister) = Stores.New(job);
        var (pods, podLister) = Stores.New(Pod("a", "Failed"), Pod("b", "Running"));
        var controller = new JobController(jobLister, podLister, _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("ns/pi", default);
        job["status"] = _control.Of("status", ResourceTypes.Job).Last()["status"]!.DeepClone();
        jobs.Upsert(job);

        // The informer has not seen b go yet.
        await controller.SyncAsync("ns/pi", default);
        Assert.Equal("b", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Equal(1, _control.Of("status", ResourceTypes.Job).Last()["status"].LongAt("terminating"));

        pods.Remove("ns/b");
        controller.Expectations.DeletionObserved("ns/pi");
        await controller.SyncAsync("ns/pi", default);
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], JobFixtures.Conditions(_control.Of("status", ResourceTypes.Job).Last()["status"]));
    }
}
