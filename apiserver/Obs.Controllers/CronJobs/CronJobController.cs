using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Client.Informers;
using Obs.Client.Rest;
using Obs.Controllers.Hosting;
using Obs.Controllers.Jobs;
using Obs.Controllers.Pods;

namespace Obs.Controllers.CronJobs;

/// <summary>
/// Starts Jobs on a schedule (pkg/controller/cronjob v2): at each sync, the most recent missed
/// start time (within startingDeadlineSeconds) gets a Job named <c>&lt;cronjob&gt;-&lt;minutes since epoch&gt;</c>,
/// subject to concurrencyPolicy and suspend; finished Jobs beyond the history limits go; the
/// CronJob is requeued for its next start. Time comes from the injected clock.
/// </summary>
public sealed class CronJobController : QueueController
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    private readonly Lister _cronJobs;
    private readonly Lister _jobs;
    private readonly IObjectControl _control;

    internal CronJobController(Lister cronJobs, Lister jobs, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("cronjob", logger, time)
    {
        _cronJobs = cronJobs;
        _jobs = jobs;
        _control = control;
    }

    public static CronJobController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var cronJobs = informers.For(ResourceTypes.CronJob);
        var jobs = informers.For(ResourceTypes.Job);
        var controller = new CronJobController(cronJobs.Lister, jobs.Lister, control, logger, time);
        controller.WaitFor(cronJobs, jobs);
        cronJobs.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        jobs.AddHandler(new InformerHandler(controller.OnJob, (_, job) => controller.OnJob(job), controller.OnJob));
        return controller;
    }

    private void OnJob(JsonObject job)
    {
        if (OwnerReferences.Controller(job) is { } owner && owner.StringAt("kind") == "CronJob")
            Enqueue(ObjectKeys.Key(ObjectMeta.Namespace(job), owner.StringAt("name") ?? ""));
    }

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var stored = _cronJobs.Get(key);
        if (stored is null || ObjectMeta.DeletionTimestamp(stored) is not null) return;
        var cj = (JsonObject)stored.DeepClone();
        var ns = ObjectMeta.Namespace(cj);
        var now = Time.GetUtcNow();
        var jobs = _jobs.ByIndex(SharedInformers.ByControllerUid, ObjectMeta.Uid(cj)!).ToList();
        var status = (JsonObject)(cj["status"]?.DeepClone() ?? new JsonObject());
        var active = jobs.Where(j => !JobController.IsFinished(j) && ObjectMeta.DeletionTimestamp(j) is null).ToList();

        var successes = jobs.Where(j => Finished(j) == "Complete").ToList();
        if (successes.Select(j => PodState.Time(j.StringAt("status", "completionTime"))).Max() is { } lastSuccess)
            status["lastSuccessfulTime"] = PodState.Format(lastSuccess);
        await RemoveOldJobsAsync(successes, cj.LongAt("spec", "successfulJobsHistoryLimit") ?? 3, cancellationToken);
        await RemoveOldJobsAsync([.. jobs.Where(j => Finished(j) == "Failed")], cj.LongAt("spec", "failedJobsHistoryLimit") ?? 1, cancellationToken);

        CronSchedule schedule;
        try
        {
            schedule = CronSchedule.Parse(cj.StringAt("spec", "schedule") ?? "", cj.StringAt("spec", "timeZone"));
        }
        catch (FormatException)
        {
            // An unparseable schedule (validation lets few through) waits for the user to fix it.
            await WriteStatusAsync(cj, stored, status, active, cancellationToken);
            return;
        }
        if (cj.BoolAt("spec", "suspend") != true)
        {
            var scheduled = MostRecentMissed(cj, schedule, now);
            var deadline = cj.LongAt("spec", "startingDeadlineSeconds");
            if (scheduled is { } at && (deadline is null || at.AddSeconds(deadline.Value) >= now))
            {
                var policy = cj.StringAt("spec", "concurrencyPolicy") ?? "Allow";
                var name = JobName(cj, at);
                var alreadyMade = jobs.Any(j => ObjectMeta.Name(j) == name);
                if (!alreadyMade && !(policy == "Forbid" && active.Count > 0))
                {
                    if (policy == "Replace")
                    {
                        foreach (var job in active)
                            await _control.DeleteAsync(ResourceTypes.Job, ns, ObjectMeta.Name(job)!, ObjectMeta.Uid(job), "Background", cancellationToken);
                        active.Clear();
                    }
                    try
                    {
                        active.Add(await _control.CreateAsync(ResourceTypes.Job, NewJob(cj, name, at), cancellationToken));
                    }
                    catch (ApiException e) when (e.IsAlreadyExists)
                    {
                    }
                    status["lastScheduleTime"] = PodState.Format(at);
                }
            }
            if (schedule.Next(now) is { } next) EnqueueAfter(key, next - now + TimeSpan.FromMilliseconds(100));
        }
        await WriteStatusAsync(cj, stored, status, active, cancellationToken);
    }

    private static string? Finished(JsonNode job) =>
        job.At("status", "conditions") is JsonArray conditions
            ? conditions.FirstOrDefault(c => c.StringAt("type") is "Complete" or "Failed" && c.StringAt("status") == "True")?.StringAt("type")
            : null;

    /// <summary>The latest start time in (last schedule or creation, now], or null.</summary>
    private static DateTimeOffset? MostRecentMissed(JsonObject cj, CronSchedule schedule, DateTimeOffset now)
    {
        var earliest = PodState.Time(cj.StringAt("status", "lastScheduleTime")) ?? PodState.Time(cj.StringAt("metadata", "creationTimestamp")) ?? now;
        if (cj.LongAt("spec", "startingDeadlineSeconds") is { } deadline && now.AddSeconds(-deadline) > earliest) earliest = now.AddSeconds(-deadline);
        DateTimeOffset? latest = null;
        var t = schedule.Next(earliest);
        // Kubernetes gives up counting after 100 missed starts; only the last one matters here.
        for (var i = 0; t is { } at && at <= now && i < 100_000; i++)
        {
            latest = at;
            t = schedule.Next(at);
        }
        return latest;
    }

    private static string JobName(JsonObject cj, DateTimeOffset at) =>
        ObjectMeta.Name(cj) + "-" + (at.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture);

    internal static JsonObject NewJob(JsonObject cj, string name, DateTimeOffset at)
    {
        var template = cj.At("spec", "jobTemplate") as JsonObject ?? new JsonObject();
        var metadata = new JsonObject { ["name"] = name, ["namespace"] = ObjectMeta.Namespace(cj) };
        metadata["labels"] = template.At("metadata", "labels")?.DeepClone() ?? new JsonObject();
        var annotations = (JsonObject)(template.At("metadata", "annotations")?.DeepClone() ?? new JsonObject());
        annotations[ScheduledTimestampAnnotation] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        metadata["annotations"] = annotations;
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.CronJob, cj));
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    private async Task RemoveOldJobsAsync(List<JsonObject> finished, long limit, CancellationToken cancellationToken)
    {
        var excess = finished.Count - (int)limit;
        if (excess <= 0) return;
        foreach (var job in finished.OrderBy(j => PodState.Time(j.StringAt("status", "startTime")) ?? DateTimeOffset.MinValue).Take(excess))
            await _control.DeleteAsync(ResourceTypes.Job, ObjectMeta.Namespace(job), ObjectMeta.Name(job)!, ObjectMeta.Uid(job), "Background", cancellationToken);
    }

    private async Task WriteStatusAsync(JsonObject cj, JsonObject stored, JsonObject status, List<JsonObject> active, CancellationToken cancellationToken)
    {
        if (active.Count > 0)
        {
            status["active"] = new JsonArray([.. active.Select(j => (JsonNode)new JsonObject
            {
                ["kind"] = "Job",
                ["namespace"] = ObjectMeta.Namespace(j),
                ["name"] = ObjectMeta.Name(j),
                ["uid"] = ObjectMeta.Uid(j),
                ["apiVersion"] = "batch/v1",
            })]);
        }
        else status.Remove("active");
        if (JsonNode.DeepEquals(status, stored["status"])) return;
        cj["status"] = status;
        await _control.UpdateStatusAsync(ResourceTypes.CronJob, cj, cancellationToken);
    }
}
