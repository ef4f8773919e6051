using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Events;
using Obs.Controllers.Hosting;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

/// <summary>
/// The tracking finalizer: each pod is counted once, in three steps (uid recorded, finalizer
/// lifted, uid moved into the counter), and a counted pod that goes later changes no count.
/// </summary>
public sealed class PodTrackingTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Job(int completions = 3, int parallelism = 1, int backoffLimit = 6, JsonObject? status = null)
    {
        var job = (JsonObject)JsonNode.Parse($$"""
            {
              "apiVersion": "batch/v1", "kind": "Job",
              "metadata": {"name": "pi", "namespace": "ns", "uid": "job-uid", "resourceVersion": "2"},
              "spec": {
                "completions": {{completions}}, "parallelism": {{parallelism}}, "backoffLimit": {{backoffLimit}},
                "selector": {"matchLabels": {"job-name": "pi"} },
                "template": {"metadata": {"labels": {"job-name": "pi"}, "finalizers": ["example.com/keep"]}, "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "perl"}]} }
              }
            }
            """)!;
        if (status is not null) job["status"] = status;
        return job;
    }

    private static JsonObject Pod(string name, string phase, bool counted = false, bool deleting = false, string? node = null)
    {
        var pod = JobFixtures.Pod(name, phase, deleting: deleting, counted: counted);
        if (node is not null) pod["spec"]!["nodeName"] = node;
        return pod;
    }

    private Task<JsonNode?> SyncAsync(JsonObject job, params JsonObject[] pods) => JobFixtures.SyncAsync(_control, job, pods);

    private static JsonObject Status(string json) => (JsonObject)JsonNode.Parse(json)!;

    private List<string> Writes() => _control.Actions.Select(a => a.Verb switch
    {
        "status" => "status " + a.Object["status"]!["uncountedTerminatedPods"]!.ToJsonString() + " failed=" + a.Object.LongAt("status", "failed") + " succeeded=" + a.Object.LongAt("status", "succeeded"),
        "patch" => $"lift {ObjectMeta.Name(a.Object)} {a.Object["metadata"]!["finalizers"]?.ToJsonString() ?? "null"}",
        _ => $"{a.Verb} {a.Type.Plural}",
    }).ToList();

    [Fact]
    public async Task NewPodsCarryTheTrackingFinalizerBesideTheTemplatesOwn()
    {
        await SyncAsync(Job(parallelism: 2));
        foreach (var pod in _control.Of("create", ResourceTypes.Pod))
            Assert.Equal(["example.com/keep", TrackingFinalizer.Name], ObjectMeta.Finalizers(pod));
    }

    [Fact]
    public async Task AnEndedPodIsRecordedThenLiftedThenCounted()
    {
        var failed = Pod("a", "Failed");
        failed["metadata"]!["finalizers"]!.AsArray().Add("example.com/other");
        await SyncAsync(Job(), failed, Pod("b", "Succeeded"), Pod("c", "Running"));
        Assert.Equal(
        [
            """status {"succeeded":["b-uid"],"failed":["a-uid"]} failed= succeeded=""",
            """lift a ["example.com/other"]""",
            "lift b null",
            "status {} failed=1 succeeded=1",
        ], Writes());
        // The lift is a compare-and-swap on the version the controller read.
        Assert.Equal("3", _control.Of("patch", ResourceTypes.Pod).First().StringAt("metadata", "resourceVersion"));
    }

    [Fact]
    public async Task ACountedFailedPodThatIsDeletedLaterLeavesTheCountAlone()
    {
        var status = await SyncAsync(Job(status: Status("""{"failed": 2, "uncountedTerminatedPods": {}}""")), Pod("a", "Failed", counted: true), Pod("b", "Running"));
        Assert.Equal(2, status.LongAt("failed"));

        // The counted pods are deleted by hand: the Job still says 2.
        _control.Actions.Clear();
        await SyncAsync(Job(status: Status("""{"failed": 2, "uncountedTerminatedPods": {}}""")), Pod("b", "Running"));
        Assert.All(_control.Of("status", ResourceTypes.Job), s => Assert.Equal(2, s.LongAt("status", "failed")));
        Assert.Empty(_control.Of("patch", ResourceTypes.Pod));
    }

    [Fact]
    public async Task ARecordedPodStillHoldingItsFinalizerIsLiftedAndCountedOnceAfterARestart()
    {
        // A controller stopped after step 1: the uid is recorded, the pod still holds the finalizer.
        var status = await SyncAsync(Job(status: Status("""{"failed": 1, "uncountedTerminatedPods": {"failed": ["a-uid"]}}""")), Pod("a", "Failed"));
        Assert.Equal(
        [
            """status {"failed":["a-uid"]} failed=1 succeeded=""",
            "lift a null",
            "status {} failed=2 succeeded=",
        ], Writes().Where(w => !w.StartsWith("create", StringComparison.Ordinal)));
        Assert.Equal(2, status.LongAt("failed"));
    }

    [Fact]
    public async Task ARecordedPodAlreadyLiftedOrGoneIsCountedWithoutAnotherLift()
    {
        // Stopped after step 2: a is lifted, b is gone since.
        var status = await SyncAsync(Job(status: Status("""{"succeeded": 1, "uncountedTerminatedPods": {"succeeded": ["a-uid", "b-uid"]}}""")), Pod("a", "Succeeded", counted: true));
        Assert.Empty(_control.Of("patch", ResourceTypes.Pod));
        Assert.Equal(3, status.LongAt("succeeded"));
        Assert.Equal("{}", status!["uncountedTerminatedPods"]!.ToJsonString());
    }

    [Fact]
    public async Task APodWhoseLiftTheInformerHasNotShownIsNotCountedAgain()
    {
        var (jobs, jobLister) = Stores.New(Job());
        var (_, podLister) = Stores.New(Pod("a", "Failed"));
        var controller = new JobController(jobLister, podLister, _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("ns/pi", default);
        jobs.Upsert(Job(status: (JsonObject)_control.Of("status", ResourceTypes.Job).Last()["status"]!.DeepClone()));

        // The cache still lists a with its finalizer.
        _control.Actions.Clear();
        await controller.SyncAsync("ns/pi", default);
        Assert.Empty(_control.Of("patch", ResourceTypes.Pod));
        Assert.All(_control.Of("status", ResourceTypes.Job), s => Assert.Equal(1, s.LongAt("status", "failed")));
    }

    [Fact]
    public async Task APodDeletedBeforeItEndedCountsAsFailed()
    {
        var status = await SyncAsync(Job(), Pod("a", "Running", deleting: true));
        Assert.Equal(["lift a null"], Writes().Where(w => w.StartsWith("lift", StringComparison.Ordinal)));
        Assert.Equal(1, status.LongAt("failed"));
    }

    [Fact]
    public async Task APodBeingStoppedOnANodeKeepsItsFinalizerUntilItEnded()
    {
        // Deleted with a grace period that is not over: the node agent is still stopping it.
        var stopping = Pod("a", "Running", deleting: true, node: "node-1");
        stopping["metadata"]!["deletionTimestamp"] = Stores.At(-30);
        var status = await SyncAsync(Job(), stopping);
        Assert.Empty(_control.Of("patch", ResourceTypes.Pod));
        Assert.Null(status.LongAt("failed"));

        stopping["status"]!["phase"] = "Failed";
        status = await SyncAsync(Job(), stopping);
        Assert.Single(_control.Of("patch", ResourceTypes.Pod));
        Assert.Equal(1, status.LongAt("failed"));
    }

    [Fact]
    public async Task APodOnANodePastItsDeletionDeadlineIsLiftedAndCountedAsFailed()
    {
        var stuck = Pod("a", "Running", deleting: true, node: "gone");
        stuck["metadata"]!["deletionTimestamp"] = Stores.At(5);
        var status = await SyncAsync(Job(), stuck);
        Assert.Single(_control.Of("patch", ResourceTypes.Pod));
        Assert.Equal(1, status.LongAt("failed"));
    }

    [Fact]
    public async Task TheJobEndsOnlyOnceItsPodsAreCounted()
    {
        // backoffLimit 0, and a's failure is recorded but a still holds the finalizer: its lift fails.
        var failing = new FailingLifts(_control);
        var controller = new JobController(Stores.New(Job(backoffLimit: 0)).Lister, Stores.New(Pod("a", "Failed")).Lister, failing, NullLogger.Instance, new ManualTime());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => controller.SyncAsync("ns/pi", default));
        Assert.Equal("apiserver unavailable", error.Message);
        var status = _control.Of("status", ResourceTypes.Job).Last()["status"];
        Assert.Equal(["FailureTarget BackoffLimitExceeded"], JobFixtures.Conditions(status));
        Assert.Equal("""{"failed":["a-uid"]}""", status!["uncountedTerminatedPods"]!.ToJsonString());

        _control.Actions.Clear();
        status = await SyncAsync(Job(backoffLimit: 0, status: (JsonObject)status.DeepClone()), Pod("a", "Failed"));
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], JobFixtures.Conditions(status));
        Assert.Equal(1, status.LongAt("failed"));
    }

    [Fact]
    public async Task SurplusPodsAreLiftedBeforeTheyAreDeletedAndCountNowhere()
    {
        var status = await SyncAsync(Job(completions: 3, parallelism: 1), Pod("a", "Running"), Pod("b", "Pending"));
        Assert.Equal(["lift b null", "delete pods"], Writes().Where(w => !w.StartsWith("status", StringComparison.Ordinal)));
        Assert.Null(status.LongAt("failed"));
    }

    [Fact]
    public async Task AFinishedJobLiftsTheFinalizerOfEveryPodLeft()
    {
        var job = Job(status: Status("""{"conditions": [{"type": "Complete", "status": "True"}]}"""));
        await SyncAsync(job, Pod("a", "Succeeded"), Pod("b", "Succeeded", counted: true));
        Assert.Equal(["lift a null"], Writes());
    }

    [Fact]
    public async Task AJobBeingDeletedLiftsTheFinalizerOfEveryPodThatEndedOrIsDeletedAndCountsNothing()
    {
        var job = Job();
        job["metadata"]!["deletionTimestamp"] = Stores.At(0);
        // a runs on until the garbage collector deletes it: its update wakes the Job again.
        await SyncAsync(job, Pod("a", "Running"), Pod("b", "Failed"), Pod("c", "Pending", deleting: true));
        Assert.Equal(["lift b null", "lift c null"], Writes().Order());
    }

    [Fact]
    public async Task APodWhoseJobIsGoneIsLifted()
    {
        var orphan = Pod("a", "Running", deleting: true);
        var controller = new JobController(Stores.New().Lister, Stores.New(orphan, Pod("b", "Running")).Lister, _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("pod:ns/a", default);
        // b still runs: it keeps the finalizer until it ends or is deleted.
        await controller.SyncAsync("pod:ns/b", default);
        Assert.Equal(["lift a null"], Writes());

        // One its live Job owns is left for the Job to count.
        _control.Actions.Clear();
        controller = new JobController(Stores.New(Job()).Lister, Stores.New(Pod("a", "Failed")).Lister, _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("pod:ns/a", default);
        Assert.Empty(_control.Actions);
    }

    [Fact]
    public async Task APodStoppedBecauseTheJobSucceededCountsNowhere()
    {
        var job = Job(completions: 1, parallelism: 2, status: Status("""{"succeeded": 1, "uncountedTerminatedPods": {}}"""));
        var status = await SyncAsync(job, Pod("a", "Succeeded", counted: true), Pod("b", "Failed", deleting: true));
        Assert.Equal(["lift b null"], Writes().Where(w => w.StartsWith("lift", StringComparison.Ordinal)));
        Assert.Null(status.LongAt("failed"));
        Assert.Equal(["SuccessCriteriaMet CompletionsReached", "Complete CompletionsReached"], JobFixtures.Conditions(status));
    }

    [Fact]
    public async Task APodOfAGoneOrDeletedJobStillBeingStoppedOnItsNodeIsLiftedOnlyOnceItEnded()
    {
        var stopping = Pod("a", "Running", deleting: true, node: "node-1");
        stopping["metadata"]!["deletionTimestamp"] = Stores.At(-30);
        var deleted = Job();
        deleted["metadata"]!["deletionTimestamp"] = Stores.At(0);
        await SyncAsync(deleted, stopping);
        var orphans = new JobController(Stores.New().Lister, Stores.New(stopping).Lister, _control, NullLogger.Instance, new ManualTime());
        await orphans.SyncAsync("pod:ns/a", default);
        Assert.Empty(_control.Actions);

        stopping["status"]!["phase"] = "Failed";
        await SyncAsync(deleted, stopping);
        orphans = new JobController(Stores.New().Lister, Stores.New(stopping).Lister, _control, NullLogger.Instance, new ManualTime());
        await orphans.SyncAsync("pod:ns/a", default);
        Assert.Equal(["lift a null", "lift a null"], Writes());
    }

    /// <summary>The Job's status after syncing it over <paramref name="count"/> pods in <paramref name="phase"/>, those named in <paramref name="counted"/> counted already.</summary>
    private async Task<JsonNode?> SyncEndedAsync(JsonObject job, int count, string phase, IReadOnlySet<string> counted)
    {
        _control.Actions.Clear();
        var pods = Enumerable.Range(0, count).Select(i => $"p{i:D3}").Select(name => Pod(name, phase, counted: counted.Contains(name))).ToArray();
        return await SyncAsync(job, pods);
    }

    private HashSet<string> Lifted() => _control.Of("patch", ResourceTypes.Pod).Select(p => ObjectMeta.Name(p)!).ToHashSet();

    [Fact]
    public async Task AtMost500EndedPodsAreRecordedAndLiftedPerSyncAndTheRestOnTheNext()
    {
        var job = Job(completions: 1000, backoffLimit: 1000);
        var status = await SyncEndedAsync(job, 600, "Failed", new HashSet<string>());
        var statuses = _control.Of("status", ResourceTypes.Job).Select(s => s["status"]!).ToList();
        // The uncounted list never holds more than 500 uids, and only those 500 pods are lifted.
        Assert.Equal(500, statuses[0]["uncountedTerminatedPods"]!["failed"]!.AsArray().Count);
        var lifted = Lifted();
        Assert.Equal(500, lifted.Count);
        Assert.Equal(500, status.LongAt("failed"));
        Assert.Equal("{}", status!["uncountedTerminatedPods"]!.ToJsonString());

        // The next sync takes the hundred left, and only those.
        status = await SyncEndedAsync(Job(completions: 1000, backoffLimit: 1000, status: (JsonObject)status.DeepClone()), 600, "Failed", lifted);
        Assert.Equal(100, Lifted().Count);
        Assert.Empty(Lifted().Intersect(lifted));
        Assert.Equal(600, status.LongAt("failed"));
    }

    [Fact]
    public async Task AJobWithMoreThan500PodsToCountEndsOnlyOnTheSyncThatCountsTheLast()
    {
        var status = await SyncEndedAsync(Job(completions: 600, parallelism: 600), 600, "Succeeded", new HashSet<string>());
        Assert.Equal(["SuccessCriteriaMet CompletionsReached"], JobFixtures.Conditions(status));
        Assert.Equal(500, status.LongAt("succeeded"));
        Assert.Null(status!["completionTime"]);

        status = await SyncEndedAsync(Job(completions: 600, parallelism: 600, status: (JsonObject)status.DeepClone()), 600, "Succeeded", Lifted());
        Assert.Equal(["SuccessCriteriaMet CompletionsReached", "Complete CompletionsReached"], JobFixtures.Conditions(status));
        Assert.Equal(600, status.LongAt("succeeded"));
        Assert.Contains("Normal Completed job-controller Job completed", _control.EventLines);
    }

    [Fact]
    public async Task AnUncountedListFullFromAnEarlierSyncTakesNoNewUidUntilItIsCounted()
    {
        // A controller stopped after step 1 left 500 uids recorded whose pods still hold the finalizer.
        var recorded = new JsonArray(Enumerable.Range(0, 500).Select(i => (JsonNode)$"p{i:D3}-uid").ToArray());
        var job = Job(completions: 1000, backoffLimit: 1000, status: new JsonObject { ["failed"] = 0, ["uncountedTerminatedPods"] = new JsonObject { ["failed"] = recorded } });
        var status = await SyncEndedAsync(job, 501, "Failed", new HashSet<string>());
        Assert.Equal(500, _control.Of("status", ResourceTypes.Job).First()["status"]!["uncountedTerminatedPods"]!["failed"]!.AsArray().Count);
        Assert.DoesNotContain("p500", Lifted());
        Assert.Equal(500, status.LongAt("failed"));
    }

    /// <summary>The recorder, but every patch fails, as with the apiserver out of reach.</summary>
    private sealed class FailingLifts(RecordingObjectControl inner) : IObjectControl
    {
        public Task<JsonObject?> GetAsync(ResourceType type, string? @namespace, string name, CancellationToken cancellationToken) => inner.GetAsync(type, @namespace, name, cancellationToken);

        public Task<JsonObject> CreateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => inner.CreateAsync(type, obj, cancellationToken);

        public Task<JsonObject> UpdateAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => inner.UpdateAsync(type, obj, cancellationToken);

        public Task<JsonObject> UpdateStatusAsync(ResourceType type, JsonObject obj, CancellationToken cancellationToken) => inner.UpdateStatusAsync(type, obj, cancellationToken);

        public Task<JsonObject> PatchAsync(ResourceType type, string? @namespace, string name, JsonObject mergePatch, CancellationToken cancellationToken) =>
            Task.FromException<JsonObject>(new InvalidOperationException("apiserver unavailable"));

        public Task DeleteAsync(ResourceType type, string? @namespace, string name, string? uid, string? propagationPolicy, CancellationToken cancellationToken) =>
            inner.DeleteAsync(type, @namespace, name, uid, propagationPolicy, cancellationToken);

        public void RecordEvent(string component, InvolvedObject about, string type, string reason, string message) => inner.RecordEvent(component, about, type, reason, message);
    }
}
