using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Controllers.CronJobs;
using Obs.Controllers.Tests.Hosting;

namespace Obs.Controllers.Tests.CronJobs;

/// <summary>Sync tests on a clock the test moves: 2026-01-01 12:00 UTC unless said otherwise.</summary>
public sealed class CronJobControllerTests
{
    private readonly RecordingObjectControl _control = new();
    private readonly ManualTime _time = new();

    private static JsonObject CronJob(string schedule, string policy = "Allow", int createdMinutesAgo = 30) => (JsonObject)JsonNode.Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "CronJob",
          "metadata": {"name": "tick", "namespace": "ns", "uid": "cj-uid", "resourceVersion": "1", "creationTimestamp": "{{Stores.At(createdMinutesAgo * 60)}}"},
          "spec": {
            "schedule": "{{schedule}}", "concurrencyPolicy": "{{policy}}",
            "jobTemplate": {"metadata": {"labels": {"app": "tick"} }, "spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "busybox"}]} } } }
          }
        }
        """)!;

    private static JsonObject Job(string name, bool finished)
    {
        var job = (JsonObject)JsonNode.Parse($$"""
            {"apiVersion": "batch/v1", "kind": "Job",
             "metadata": {"name": "{{name}}", "namespace": "ns", "uid": "{{name}}-uid",
                          "ownerReferences": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "tick", "uid": "cj-uid", "controller": true}]},
             "status": {"startTime": "{{Stores.At(100)}}"} }
            """)!;
        if (finished) job["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Complete", ["status"] = "True" });
        return job;
    }

    private CronJobController Controller(JsonObject cj, params JsonObject[] jobs) =>
        new(Stores.New(cj).Lister, Stores.New(jobs).Lister, _control, NullLogger.Instance, _time);

    [Fact]
    public async Task CreatesTheJobOfTheMostRecentMissedStart()
    {
        var controller = Controller(CronJob("*/10 * * * *"));
        await controller.SyncAsync("ns/tick", default);
        var job = Assert.Single(_control.Of("create", ResourceTypes.Job));
        var expected = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal($"tick-{expected.ToUnixTimeSeconds() / 60}", ObjectMeta.Name(job));
        Assert.Equal("2026-01-01T12:00:00Z", job.StringAt("metadata", "annotations", CronJobController.ScheduledTimestampAnnotation));
        Assert.Equal("tick", job.StringAt("metadata", "labels", "app"));
        Assert.Equal("cj-uid", job["metadata"]!["ownerReferences"]![0].StringAt("uid"));
        var status = Assert.Single(_control.Of("status", ResourceTypes.CronJob))["status"]!;
        Assert.Equal("2026-01-01T12:00:00Z", status.StringAt("lastScheduleTime"));
        Assert.Equal(ObjectMeta.Name(job), status["active"]![0].StringAt("name"));
    }

    [Fact]
    public async Task AnEveryScheduleStartsItsJobsAFixedDelayApart()
    {
        // Created 30 minutes ago: starts every 7 minutes from then, the last at 11:58.
        await Controller(CronJob("@every 7m")).SyncAsync("ns/tick", default);
        var job = Assert.Single(_control.Of("create", ResourceTypes.Job));
        Assert.Equal("2026-01-01T11:58:00Z", job.StringAt("metadata", "annotations", CronJobController.ScheduledTimestampAnnotation));
        Assert.Equal("2026-01-01T11:58:00Z", Assert.Single(_control.Of("status", ResourceTypes.CronJob)).StringAt("status", "lastScheduleTime"));
    }

    [Fact]
    public async Task ASyncOnACacheBehindItsOwnStatusWriteWaitsForTheCronJobsEvent()
    {
        var cj = CronJob("*/10 * * * *");
        _control.Seed(ResourceTypes.CronJob, cj);
        var (cronJobs, jobs) = (Stores.New(cj), Stores.New());
        var controller = new CronJobController(cronJobs.Lister, jobs.Lister, _control, NullLogger.Instance, _time);
        await controller.SyncAsync("ns/tick", default);
        var created = Assert.Single(_control.Of("create", ResourceTypes.Job));

        // The Job's add event comes first: the CronJob in the cache has neither the start nor the Job in its status yet.
        // Synced from it, the Job would be created again (AlreadyExists) and the status written over version 1 (a conflict).
        jobs.Store.Upsert(created);
        await controller.SyncAsync("ns/tick", default);
        Assert.Single(_control.Of("create", ResourceTypes.Job));
        Assert.Single(_control.Of("status", ResourceTypes.CronJob));

        // The CronJob's own event: the cache shows the write, and there is nothing left to do.
        cronJobs.Store.Upsert(_control.Known[(ResourceTypes.CronJob, "ns", "tick")]);
        await controller.SyncAsync("ns/tick", default);
        Assert.Single(_control.Of("create", ResourceTypes.Job));
        Assert.Single(_control.Of("status", ResourceTypes.CronJob));
    }

    [Fact]
    public async Task NothingIsDueBeforeTheFirstStart()
    {
        await Controller(CronJob("0 13 * * *")).SyncAsync("ns/tick", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Job));
    }

    [Fact]
    public async Task ForbidSkipsWhileAJobRuns()
    {
        await Controller(CronJob("*/10 * * * *", "Forbid"), Job("tick-old", finished: false)).SyncAsync("ns/tick", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Job));
    }

    [Fact]
    public async Task ReplaceDeletesTheRunningJobFirst()
    {
        await Controller(CronJob("*/10 * * * *", "Replace"), Job("tick-old", finished: false)).SyncAsync("ns/tick", default);
        Assert.Equal("tick-old", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Job))));
        Assert.Single(_control.Of("create", ResourceTypes.Job));
    }

    [Fact]
    public async Task SuspendedCronJobsStartNothing()
    {
        var cj = CronJob("*/10 * * * *");
        cj["spec"]!["suspend"] = true;
        await Controller(cj).SyncAsync("ns/tick", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Job));
    }

    [Fact]
    public async Task AStartPastItsStartingDeadlineIsMissed()
    {
        var cj = CronJob("0 * * * *", createdMinutesAgo: 120);
        cj["spec"]!["startingDeadlineSeconds"] = 60;
        _time.Now = Stores.Now.AddMinutes(5);
        await Controller(cj).SyncAsync("ns/tick", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Job));
    }

    [Fact]
    public async Task FinishedJobsBeyondTheHistoryLimitGo()
    {
        var cj = CronJob("0 0 1 1 *");
        cj["spec"]!["successfulJobsHistoryLimit"] = 1;
        var older = Job("tick-1", finished: true);
        older["status"]!["startTime"] = Stores.At(500);
        await Controller(cj, older, Job("tick-2", finished: true)).SyncAsync("ns/tick", default);
        Assert.Equal("tick-1", ObjectMeta.Name(Assert.Single(_control.Of("delete", ResourceTypes.Job))));
    }

    [Fact]
    public async Task RecordsTheJobsItCreatesAndTheFinishesItSees()
    {
        var cj = CronJob("*/10 * * * *");
        cj["status"] = new JsonObject { ["active"] = new JsonArray(new JsonObject { ["name"] = "tick-old", ["uid"] = "tick-old-uid" }) };
        await Controller(cj, Job("tick-old", finished: true)).SyncAsync("ns/tick", default);
        var name = ObjectMeta.Name(Assert.Single(_control.Of("create", ResourceTypes.Job)));
        Assert.Equal(
        [
            "Normal SawCompletedJob cronjob-controller Saw completed job: tick-old, condition: Complete",
            $"Normal SuccessfulCreate cronjob-controller Created job {name}",
        ], _control.EventLines);
    }

    [Fact]
    public async Task ForbidSaysWhyNoJobStarted()
    {
        await Controller(CronJob("*/10 * * * *", "Forbid"), Job("tick-old", finished: false)).SyncAsync("ns/tick", default);
        Assert.Equal(["Normal JobAlreadyActive cronjob-controller Not starting job because prior execution is running and concurrency policy is Forbid"], _control.EventLines);
    }

    [Fact]
    public async Task AScheduleThatDoesNotParseIsAWarningAndStartsNothing()
    {
        await Controller(CronJob("0 26 * * *")).SyncAsync("ns/tick", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Job));
        Assert.Equal(["Warning UnparseableSchedule cronjob-controller unparseable schedule: \"0 26 * * *\" : end of range (26) above maximum (23): 26"], _control.EventLines);
    }

    [Fact]
    public async Task AnUnknownTimeZoneIsAWarningAndStartsNothing()
    {
        var cj = CronJob("*/10 * * * *");
        cj["spec"]!["timeZone"] = "Mars/Olympus_Mons";
        await Controller(cj).SyncAsync("ns/tick", default);
        Assert.Empty(_control.Of("create", ResourceTypes.Job));
        Assert.Equal(["Warning UnknownTimeZone cronjob-controller invalid timeZone: \"Mars/Olympus_Mons\": unknown time zone Mars/Olympus_Mons"], _control.EventLines);
    }

    [Fact]
    public async Task ReplaceRecordsTheDeletionOfTheRunningJob()
    {
        await Controller(CronJob("*/10 * * * *", "Replace"), Job("tick-old", finished: false)).SyncAsync("ns/tick", default);
        Assert.Equal("Normal SuccessfulDelete cronjob-controller Deleted job tick-old", _control.EventLines.First());
    }
}
