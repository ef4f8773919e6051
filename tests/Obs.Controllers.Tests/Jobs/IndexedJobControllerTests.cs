using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>completionMode Indexed: one pod per index, each told its index, until every index succeeded.</summary>
public sealed class IndexedJobControllerTests
{
    private const string IndexKey = JobFixtures.IndexKey;
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Job(int completions, int parallelism, int backoffLimit = 6, string? completedIndexes = null)
    {
        var job = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "batch/v1", "kind": "Job",
              "metadata": {"name": "pi", "namespace": "ns", "uid": "job-uid", "resourceVersion": "2"},
              "spec": {
                "completions": {{completions}}, "parallelism": {{parallelism}}, "backoffLimit": {{backoffLimit}}, "completionMode": "Indexed",
                "selector": {"matchLabels": {"job-name": "pi"} },
                "template": {
                  "metadata": {"labels": {"job-name": "pi"} },
                  "spec": {
                    "restartPolicy": "Never", "subdomain": "workers",
                    "initContainers": [{"name": "init", "image": "busybox"}],
                    "containers": [
                      {"name": "c", "image": "perl", "env": [{"name": "A", "value": "1"}]},
                      {"name": "own", "image": "perl", "env": [{"name": "JOB_COMPLETION_INDEX", "value": "mine"}]}
                    ]
                  }
                }
              }
            }
            """)!;
        if (completedIndexes is not null) job["status"] = new JsonObject { ["completedIndexes"] = completedIndexes };
        return job;
    }

    private static JsonObject Pod(string name, int? index, string phase, bool ready = false) => JobFixtures.Pod(name, phase, index, ready);

    private Task<JsonNode?> SyncAsync(JsonObject job, params JsonObject[] pods) => JobFixtures.SyncAsync(_control, job, pods);

    private List<string?> CreatedIndexes() => JobFixtures.CreatedIndexes(_control);

    [Fact]
    public async Task StartsTheLowestIndexesUpToParallelismEachToldItsIndex()
    {
        await SyncAsync(Job(5, 2));
        Assert.Equal(["0", "1"], CreatedIndexes());
        var pod = _control.Of("create", ResourceTypes.Pod).Single(p => p.StringAt("metadata", "annotations", IndexKey) == "1");
        Assert.Equal("pi-1-", pod.StringAt("metadata", "generateName"));
        Assert.Equal("1", pod.StringAt("metadata", "labels", IndexKey));
        Assert.Equal("pi", pod.StringAt("metadata", "labels", "job-name"));
        Assert.Equal("pi-1", pod.StringAt("spec", "hostname"));
        Assert.Equal("workers", pod.StringAt("spec", "subdomain"));

        var fromAnnotation = $"metadata.annotations['{IndexKey}']";
        JsonArray Env(string list, int container) => (JsonArray)pod.At("spec", list)![container]!["env"]!;
        string? Index(string list, int container) =>
            Env(list, container).Single(e => e.StringAt("name") == "JOB_COMPLETION_INDEX").StringAt("valueFrom", "fieldRef", "fieldPath") ?? "value";
        Assert.Equal(fromAnnotation, Index("initContainers", 0));
        Assert.Equal(fromAnnotation, Index("containers", 0));
        Assert.Equal("A", Env("containers", 0)[0].StringAt("name"));
        // A container that sets the variable itself keeps its own value.
        Assert.Equal("value", Index("containers", 1));
    }

    [Fact]
    public async Task SkipsIndexesThatSucceededOrHaveAPod()
    {
        var status = await SyncAsync(Job(6, 3), Pod("a", 0, "Succeeded"), Pod("b", 1, "Running", ready: true), Pod("c", 3, "Succeeded"));
        Assert.Equal(["2", "4"], CreatedIndexes());
        Assert.Equal("0,3", status.StringAt("completedIndexes"));
        Assert.Equal(2, status.LongAt("succeeded"));
        Assert.Equal(1, status.LongAt("active"));
        Assert.Equal(1, status.LongAt("ready"));
    }

    [Fact]
    public async Task AFailedPodIsReplacedByOneOfTheSameIndex()
    {
        var status = await SyncAsync(Job(3, 2), Pod("a", 0, "Failed"), Pod("b", 1, "Running"));
        Assert.Equal(["0"], CreatedIndexes());
        Assert.Equal(1, status.LongAt("failed"));
        Assert.Null(status?["conditions"]);
    }

    [Fact]
    public async Task KeepsTheMostAdvancedPodOfAnIndexAndDeletesPodsWithoutOne()
    {
        var status = await SyncAsync(Job(3, 3), Pod("pending", 1, "Pending"), Pod("ready", 1, "Running", ready: true), Pod("stray", null, "Running"));
        Assert.Equal(["pending", "stray"], _control.Of("delete", ResourceTypes.Pod).Select(ObjectMeta.Name).Order());
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal(1, status.LongAt("active"));
    }

    [Fact]
    public async Task LoweredParallelismStopsTheLeastAdvancedIndexes()
    {
        await SyncAsync(Job(4, 1), Pod("a", 0, "Running", ready: true), Pod("b", 2, "Pending"));
        Assert.Equal("b", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
    }

    [Fact]
    public async Task IndexesInTheStatusStayDoneWhenTheirPodsAreGone()
    {
        var status = await SyncAsync(Job(3, 3, completedIndexes: "0,1"));
        Assert.Equal(["2"], CreatedIndexes());
        Assert.Equal("0,1", status.StringAt("completedIndexes"));
        Assert.Equal(2, status.LongAt("succeeded"));
    }

    [Fact]
    public async Task CompletesOnceEveryIndexSucceededCountingEachIndexOnce()
    {
        var status = await SyncAsync(Job(3, 3), Pod("a", 0, "Succeeded"), Pod("b", 1, "Succeeded"), Pod("b2", 1, "Succeeded"), Pod("c", 2, "Succeeded"), Pod("d", 5, "Succeeded"));
        Assert.Equal("0-2", status.StringAt("completedIndexes"));
        Assert.Equal(3, status.LongAt("succeeded"));
        Assert.Equal(["SuccessCriteriaMet CompletionsReached", "Complete CompletionsReached"], JobFixtures.Conditions(status));
        Assert.Equal(["Normal Completed job-controller Job completed"], _control.EventLines);
    }

    [Fact]
    public async Task TwoSuccessesOfOneIndexDoNotCompleteAJobOfTwo()
    {
        var status = await SyncAsync(Job(2, 2), Pod("a", 0, "Succeeded"), Pod("b", 0, "Succeeded"));
        Assert.Null(status?["conditions"]);
        Assert.Equal(["1"], CreatedIndexes());
        Assert.Equal(["Normal SuccessfulCreate job-controller Created pod: pi-1-x0000"], _control.EventLines);
    }

    [Fact]
    public async Task FailsPastTheBackoffLimitAcrossIndexes()
    {
        var status = await SyncAsync(Job(3, 2, backoffLimit: 1), Pod("a", 0, "Failed"), Pod("b", 1, "Failed"), Pod("c", 1, "Running"));
        Assert.Equal("c", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Equal(["FailureTarget BackoffLimitExceeded"], JobFixtures.Conditions(status));
        status = await SyncAsync(Job(3, 2, backoffLimit: 1), Pod("a", 0, "Failed"), Pod("b", 1, "Failed"));
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], JobFixtures.Conditions(status));
        Assert.Contains("Warning BackoffLimitExceeded job-controller Job has reached the specified backoff limit", _control.EventLines);
    }

    private const string FailureCountKey = "batch.kubernetes.io/job-index-failure-count";

    private static JsonObject PerIndexJob(int completions, int parallelism, int backoffLimitPerIndex, int? maxFailedIndexes = null, string? failedIndexes = null)
    {
        var job = Job(completions, parallelism, backoffLimit: int.MaxValue);
        job["spec"]!["backoffLimitPerIndex"] = backoffLimitPerIndex;
        if (maxFailedIndexes is { } max) job["spec"]!["maxFailedIndexes"] = max;
        if (failedIndexes is not null) job["status"] = new JsonObject { ["failedIndexes"] = failedIndexes };
        return job;
    }

    private static JsonObject Failed(string name, int index, int failureCount)
    {
        var pod = Pod(name, index, "Failed");
        pod["metadata"]!["annotations"]![FailureCountKey] = failureCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return pod;
    }

    [Fact]
    public async Task WithABackoffLimitPerIndexEachPodCarriesItsIndexFailureCount()
    {
        var status = await SyncAsync(PerIndexJob(3, 3, backoffLimitPerIndex: 2), Failed("a", 0, 0), Failed("b", 0, 1), Pod("c", 1, "Running"));
        var created = _control.Of("create", ResourceTypes.Pod).ToDictionary(p => p.StringAt("metadata", "annotations", IndexKey)!, p => p.StringAt("metadata", "annotations", FailureCountKey));
        Assert.Equal(new Dictionary<string, string?> { ["0"] = "2", ["2"] = "0" }, created);
        Assert.Equal("", status.StringAt("failedIndexes"));
        Assert.Null(status?["conditions"]);
    }

    [Fact]
    public async Task WithABackoffLimitPerIndexEachIndexWaitsOutItsOwnBackoff()
    {
        // Index 0 failed once, 5 s ago: 10 s to wait. Index 1 failed twice, the last 30 s ago: its 20 s are over.
        await SyncAsync(PerIndexJob(3, 3, backoffLimitPerIndex: 3), JobFixtures.FinishedAgo(Failed("a", 0, 0), 5), JobFixtures.FinishedAgo(Failed("b", 1, 1), 30));
        Assert.Equal(["1", "2"], CreatedIndexes());
    }

    [Fact]
    public async Task AnIndexInItsBackoffKeepsItsTurn()
    {
        await SyncAsync(PerIndexJob(3, 1, backoffLimitPerIndex: 3), JobFixtures.FinishedAgo(Failed("a", 0, 0), 5));
        Assert.Empty(CreatedIndexes());
    }

    [Fact]
    public async Task AnIndexOutOfRetriesFailsAndTheOthersRunOn()
    {
        var status = await SyncAsync(PerIndexJob(4, 4, backoffLimitPerIndex: 1), Failed("a", 0, 0), Failed("b", 0, 1), Pod("c", 1, "Succeeded"));
        Assert.Equal(["2", "3"], CreatedIndexes());
        Assert.Equal("0", status.StringAt("failedIndexes"));
        Assert.Equal("1", status.StringAt("completedIndexes"));
        Assert.Equal(2, status.LongAt("failed"));
        Assert.Null(status?["conditions"]);
    }

    [Fact]
    public async Task TheActivePodOfAFailedIndexIsDeleted()
    {
        await SyncAsync(PerIndexJob(3, 3, backoffLimitPerIndex: 0, failedIndexes: "1"), Pod("a", 0, "Running"), Pod("b", 1, "Running"));
        Assert.Equal("b", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
    }

    [Fact]
    public async Task FailsWithFailedIndexesOnceEveryIndexEnded()
    {
        var status = await SyncAsync(PerIndexJob(3, 3, backoffLimitPerIndex: 0), Failed("a", 0, 0), Pod("b", 1, "Succeeded"), Pod("c", 2, "Succeeded"));
        Assert.Equal("0", status.StringAt("failedIndexes"));
        Assert.Equal(["FailureTarget FailedIndexes", "Failed FailedIndexes"], JobFixtures.Conditions(status));
        Assert.Equal(["Warning FailedIndexes job-controller Job has failed indexes"], _control.EventLines);
    }

    [Fact]
    public async Task FailsAsSoonAsMoreIndexesFailedThanMaxFailedIndexes()
    {
        var status = await SyncAsync(PerIndexJob(5, 2, backoffLimitPerIndex: 0, maxFailedIndexes: 1), Failed("a", 0, 0), Failed("b", 1, 0), Pod("c", 2, "Running"));
        Assert.Equal("0,1", status.StringAt("failedIndexes"));
        Assert.Equal(["FailureTarget MaxFailedIndexesExceeded"], JobFixtures.Conditions(status));
        Assert.Equal("c", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        status = await SyncAsync(PerIndexJob(5, 2, backoffLimitPerIndex: 0, maxFailedIndexes: 1), Failed("a", 0, 0), Failed("b", 1, 0));
        Assert.Equal(["FailureTarget MaxFailedIndexesExceeded", "Failed MaxFailedIndexesExceeded"], JobFixtures.Conditions(status));
        Assert.Contains("Warning MaxFailedIndexesExceeded job-controller Job has exceeded the specified maximal number of failed indexes", _control.EventLines);
    }

    [Fact]
    public async Task AFailedPodKeepsItsFinalizerUntilItsIndexHasAReplacement()
    {
        // Its failure count is read off it for the next pod of index 0, so it must not go before that pod exists.
        var status = await SyncAsync(PerIndexJob(2, 2, backoffLimitPerIndex: 2), Failed("a", 0, 0), Pod("b", 1, "Running"));
        Assert.Equal(["0"], CreatedIndexes());
        Assert.Empty(_control.Of("patch", ResourceTypes.Pod));
        Assert.Null(status.LongAt("failed"));

        _control.Actions.Clear();
        status = await SyncAsync(PerIndexJob(2, 2, backoffLimitPerIndex: 2), Failed("a", 0, 0), Pod("a2", 0, "Pending"), Pod("b", 1, "Running"));
        Assert.Equal("a", ObjectMeta.Name(Assert.Single(_control.Of("patch", ResourceTypes.Pod))));
        Assert.Equal(1, status.LongAt("failed"));
    }
}
