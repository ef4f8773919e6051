using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.Jobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.Jobs;

public sealed class JobControllerTests
{
    private readonly RecordingObjectControl _control = new();

    private static JsonObject Job(int? completions, int parallelism, int backoffLimit = 6) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "Job",
          "metadata": {"name": "pi", "namespace": "ns", "uid": "job-uid", "resourceVersion": "2"},
          "spec": {
            {{(completions is { } c ? $"\"completions\": {c}," : "")}}
            "parallelism": {{parallelism}}, "backoffLimit": {{backoffLimit}},
            "selector": {"matchLabels": {"job-name": "pi"} },
            "template": {"metadata": {"labels": {"job-name": "pi"} }, "spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "perl"}]} }
          }
        }
        """)!;

    private static JsonObject Pod(string name, string phase) => JobFixtures.Pod(name, phase);

    private Task<JsonNode?> SyncAsync(JsonObject job, params JsonObject[] pods) => JobFixtures.SyncAsync(_control, job, pods);

    private static List<string> Conditions(JsonNode? status) => JobFixtures.Conditions(status);

    [Fact]
    public async Task StartsParallelismPodsButNoMoreThanRemainingCompletions()
    {
        var status = await SyncAsync(Job(5, 2), Pod("a", "Succeeded"), Pod("b", "Succeeded"), Pod("c", "Succeeded"), Pod("d", "Succeeded"));
        var pod = Assert.Single(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal("pi-", pod.StringAt("metadata", "generateName"));
        Assert.Equal("Job", pod["metadata"]!["ownerReferences"]![0].StringAt("kind"));
        Assert.Equal(4, status.LongAt("succeeded"));
        Assert.Equal(Stores.At(0), status.StringAt("startTime"));
    }

    [Fact]
    public async Task ASyncOnACacheBehindItsOwnStatusWriteWaitsForTheJobsEvent()
    {
        var job = Job(2, 2);
        _control.Seed(ResourceTypes.Job, job);
        var (jobs, pods) = (Stores.New(job), Stores.New());
        var controller = new JobController(jobs.Lister, pods.Lister, _control, NullLogger.Instance, new ManualTime());
        await controller.SyncAsync("ns/pi", default);
        Assert.Equal(2, _control.Of("create", ResourceTypes.Pod).Count());
        Assert.Single(_control.Of("status", ResourceTypes.Job));

        // The pods' events come before the Job's: one is ready, but the Job in the cache is still version 2, whose
        // status the first sync replaced. Written from it, the new status would be refused (409) and the sync retried.
        pods.Store.Upsert(Pod("a", "Running"));
        pods.Store.Upsert(JobFixtures.Pod("b", "Running", ready: true));
        await controller.SyncAsync("ns/pi", default);
        Assert.Single(_control.Of("status", ResourceTypes.Job));

        // The Job's own event: the cache shows the write, and the sync counts the ready pod.
        jobs.Store.Upsert(_control.Known[(ResourceTypes.Job, "ns", "pi")]);
        await controller.SyncAsync("ns/pi", default);
        var written = _control.Of("status", ResourceTypes.Job).ToList();
        Assert.Equal(2, written.Count);
        Assert.Equal((2, 1), (written[1].LongAt("status", "active"), written[1].LongAt("status", "ready")));
    }

    [Fact]
    public async Task CompletesWhenEnoughPodsSucceeded()
    {
        var status = await SyncAsync(Job(2, 2), Pod("a", "Succeeded"), Pod("b", "Succeeded"), Pod("c", "Failed"));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Equal(2, status.LongAt("succeeded"));
        Assert.Equal(1, status.LongAt("failed"));
        Assert.Equal(["SuccessCriteriaMet CompletionsReached", "Complete CompletionsReached"], Conditions(status));
        Assert.Equal("Reached expected number of succeeded pods", status!["conditions"]![1].StringAt("message"));
        Assert.NotNull(status.StringAt("completionTime"));
    }

    [Fact]
    public async Task ASecondFailureIsReplacedOnlyTwentySecondsAfterIt()
    {
        var time = new ManualTime();
        JsonObject Failed(string name, int age)
        {
            var pod = Pod(name, "Failed");
            pod["metadata"]!["creationTimestamp"] = Stores.At(age);
            return pod;
        }
        var job = Job(1, 1);
        var pods = new[] { Failed("a", 20), Failed("b", 4) };

        await new JobController(Stores.New(job).Lister, Stores.New(pods).Lister, _control, NullLogger.Instance, time).SyncAsync("ns/pi", default);
        var during = _control.Of("create", ResourceTypes.Pod).Count();
        time.Now = Stores.Now.AddSeconds(17);
        await new JobController(Stores.New(job).Lister, Stores.New(pods).Lister, _control, NullLogger.Instance, time).SyncAsync("ns/pi", default);

        Assert.Equal(0, during);
        Assert.Single(_control.Of("create", ResourceTypes.Pod));
    }

    [Fact]
    public async Task FailsPastTheBackoffLimitOnceItsPodsHaveStopped()
    {
        var status = await SyncAsync(Job(3, 1, backoffLimit: 1), Pod("a", "Failed"), Pod("b", "Failed"), Pod("c", "Running"));
        Assert.Equal("c", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Equal(["FailureTarget BackoffLimitExceeded"], Conditions(status));
        Assert.Null(status.LongAt("active"));
        Assert.Equal(1, status.LongAt("terminating"));

        // The next sync, with c gone, finds the target already written and ends the Job with it.
        var job = Job(3, 1, backoffLimit: 1);
        job["status"] = status!.DeepClone();
        _control.Actions.Clear();
        status = await SyncAsync(job, Pod("a", "Failed"), Pod("b", "Failed"));
        Assert.Equal(["FailureTarget BackoffLimitExceeded", "Failed BackoffLimitExceeded"], Conditions(status));
        Assert.Equal(0, status.LongAt("terminating"));
        Assert.Null(status.StringAt("completionTime"));
    }

    [Fact]
    public async Task AJobActiveLongerThanItsDeadlineStopsItsPodsAndFailsWithDeadlineExceeded()
    {
        JsonObject Started(int secondsAgo)
        {
            var job = Job(2, 1);
            job["spec"]!["activeDeadlineSeconds"] = 60;
            job["status"] = new JsonObject { ["startTime"] = Stores.At(secondsAgo), ["active"] = 1 };
            return job;
        }

        // A second before its deadline it runs on.
        var status = await SyncAsync(Started(59), Pod("a", "Running"));
        Assert.Empty(Conditions(status));
        Assert.Empty(_control.Of("delete", ResourceTypes.Pod));

        // At the deadline its pod is stopped and the Job fails (FailureTarget first, Failed once no pod is left).
        _control.Actions.Clear();
        status = await SyncAsync(Started(60), Pod("a", "Running"));
        Assert.Equal("a", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Pod))));
        Assert.Equal(["FailureTarget DeadlineExceeded"], Conditions(status));
        var job = Started(60);
        job["status"] = status!.DeepClone();
        _control.Actions.Clear();
        status = await SyncAsync(job);
        Assert.Equal(["FailureTarget DeadlineExceeded", "Failed DeadlineExceeded"], Conditions(status));
        Assert.Equal("Job was active longer than specified deadline", status!["conditions"]![1].StringAt("message"));
    }

    [Fact]
    public async Task WithoutCompletionsOneSuccessEndsTheJobOnceNothingRuns()
    {
        var status = await SyncAsync(Job(null, 3), Pod("a", "Succeeded"), Pod("b", "Running"));
        Assert.Empty(_control.Of("create", ResourceTypes.Pod));
        Assert.Null(status?["conditions"]);
        _control.Actions.Clear();
        status = await SyncAsync(Job(null, 3), Pod("a", "Succeeded"), Pod("b", "Succeeded"));
        Assert.Equal(["SuccessCriteriaMet CompletionsReached", "Complete CompletionsReached"], Conditions(status));
    }

    [Fact]
    public async Task AFinishedJobGoesWhenItsTtlIsUp()
    {
        var job = Job(1, 1);
        job["spec"]!["ttlSecondsAfterFinished"] = 60;
        job["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True", ["lastTransitionTime"] = Stores.At(30) }),
        };
        await SyncAsync(job);
        Assert.Empty(_control.Actions);
        job["status"]!["conditions"]![0]!["lastTransitionTime"] = Stores.At(61);
        await SyncAsync(job);
        var delete = Assert.Single(_control.Of("delete", ResourceTypes.Job));
        Assert.Equal("Background", delete.StringAt("propagationPolicy"));
    }

    [Fact]
    public async Task RecordsItsPodsAndItsEndOnTheJob()
    {
        await SyncAsync(Job(2, 2));
        Assert.Equal(["Normal SuccessfulCreate job-controller Created pod: pi-x0000", "Normal SuccessfulCreate job-controller Created pod: pi-x0001"],
            _control.EventLines.Order());
        Assert.Equal(("batch/v1", "Job", "job-uid"), (_control.Events[0].About.ApiVersion, _control.Events[0].About.Kind, _control.Events[0].About.Uid));

        _control.Events.Clear();
        await SyncAsync(Job(2, 2), Pod("a", "Succeeded"), Pod("b", "Succeeded"));
        Assert.Equal(["Normal Completed job-controller Job completed"], _control.EventLines);
    }

    [Fact]
    public async Task AJobPastItsBackoffLimitSaysSoAsAWarningWhenItHasFailed()
    {
        await SyncAsync(Job(3, 1, backoffLimit: 1), Pod("a", "Failed"), Pod("b", "Failed"), Pod("c", "Running"));
        Assert.Equal(["Normal SuccessfulDelete job-controller Deleted pod: c"], _control.EventLines);
        await SyncAsync(Job(3, 1, backoffLimit: 1), Pod("a", "Failed"), Pod("b", "Failed"));
        Assert.Equal(
        [
            "Normal SuccessfulDelete job-controller Deleted pod: c",
            "Warning BackoffLimitExceeded job-controller Job has reached the specified backoff limit",
        ], _control.EventLines);
    }
}
