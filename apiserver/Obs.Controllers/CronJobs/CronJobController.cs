using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Cron;
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
    private readonly ControllerEvents _events;
    private readonly UnseenWrites _statusWrites;

    internal CronJobController(Lister cronJobs, Lister jobs, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("cronjob", logger, time)
    {
        _cronJobs = cronJobs;
        _jobs = jobs;
        _control = control;
        _events = new ControllerEvents(control, "cronjob-controller", ResourceTypes.CronJob);
        _statusWrites = new UnseenWrites(Time);
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
        if (stored is null || ObjectMeta.DeletionTimestamp(stored) is not null)
        {
            _statusWrites.Forget(key);
            return;
        }
        // A copy older than this controller's last status write would be written over a version already gone (a
        // conflict), and would report again the jobs it saw complete; the CronJob's update event brings the sync back.
        if (!_statusWrites.Seen(key, [stored])) return;
        var cj = (JsonObject)stored.DeepClone();
        var now = Time.GetUtcNow();
        var jobs = _jobs.ByIndex(SharedInformers.ByControllerUid, ObjectMeta.Uid(cj)!).ToList();
        var status = (JsonObject)(cj["status"]?.DeepClone() ?? new JsonObject());
        var active = jobs.Where(j => !JobController.IsFinished(j) && ObjectMeta.DeletionTimestamp(j) is null).ToList();
        foreach (var job in jobs.Where(j => Finished(j) is not null && WasActive(stored, j)))
            _events.Normal(cj, "SawCompletedJob", $"Saw completed job: {ObjectMeta.Name(job)}, condition: {Finished(job)}");

        var successes = jobs.Where(j => Finished(j) == "Complete").ToList();
        if (successes.Select(j => PodState.Time(j.StringAt("status", "completionTime"))).Max() is { } lastSuccess)
            status["lastSuccessfulTime"] = PodState.Format(lastSuccess);
        await RemoveOldJobsAsync(cj, successes, cj.LongAt("spec", "successfulJobsHistoryLimit") ?? 3, cancellationToken);
        await RemoveOldJobsAsync(cj, [.. jobs.Where(j => Finished(j) == "Failed")], cj.LongAt("spec", "failedJobsHistoryLimit") ?? 1, cancellationToken);

        // A zone this host does not know, or a schedule that does not parse (validation lets few through), waits
        // for the user to fix it, with Kubernetes' warning saying why.
        var spec = cj.StringAt("spec", "schedule") ?? "";
        var zone = cj.StringAt("spec", "timeZone");
        if (zone is { Length: > 0 } and not "UTC" && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            _events.Warning(cj, "UnknownTimeZone", $"invalid timeZone: {Quoted(zone)}: unknown time zone {zone}");
            await WriteStatusAsync(cj, stored, status, active, cancellationToken);
            return;
        }
        CronSchedule schedule;
        try
        {
            schedule = CronSchedule.Parse(spec, zone);
        }
        catch (FormatException e)
        {
            var reason = Obs.Api.Validation.CronSchedule.Validate(spec) ?? e.Message;
            _events.Warning(cj, "UnparseableSchedule", $"unparseable schedule: {Quoted(spec)} : {reason}");
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
                if (!alreadyMade && policy == "Forbid" && active.Count > 0)
                {
                    _events.Normal(cj, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
                }
                else if (!alreadyMade)
                {
                    if (policy == "Replace")
                    {
                        foreach (var job in active) await DeleteJobAsync(cj, job, cancellationToken);
                        active.Clear();
                    }
                    try
                    {
                        var created = await _control.CreateAsync(ResourceTypes.Job, NewJob(cj, name, at), cancellationToken);
                        active.Add(created);
                        _events.Normal(cj, "SuccessfulCreate", $"Created job {ObjectMeta.Name(created)}");
                    }
                    catch (ApiException e) when (e.IsAlreadyExists)
                    {
                    }
                    catch (ApiException e)
                    {
                        _events.Warning(cj, "FailedCreate", $"Error creating job: {e.Message}");
                        throw;
                    }
                    status["lastScheduleTime"] = PodState.Format(at);
                }
            }
            else if (scheduled is { } missed)
            {
                _events.Warning(cj, "MissSchedule", "Missed scheduled time to start a job: "
                    + missed.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
            }
            if (schedule.Next(now) is { } next) EnqueueAfter(key, next - now + TimeSpan.FromMilliseconds(100));
        }
        await WriteStatusAsync(cj, stored, status, active, cancellationToken);
    }

    /// <summary>A string as Go's <c>%q</c> prints it (the common cases: quotes and backslashes escaped).</summary>
    private static string Quoted(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

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

    private async Task RemoveOldJobsAsync(JsonObject cj, List<JsonObject> finished, long limit, CancellationToken cancellationToken)
    {
        var excess = finished.Count - (int)limit;
        if (excess <= 0) return;
        foreach (var job in finished.OrderBy(j => PodState.Time(j.StringAt("status", "startTime")) ?? DateTimeOffset.MinValue).Take(excess))
            await DeleteJobAsync(cj, job, cancellationToken);
    }

    private async Task DeleteJobAsync(JsonObject cj, JsonObject job, CancellationToken cancellationToken)
    {
        try
        {
            await _control.DeleteAsync(ResourceTypes.Job, ObjectMeta.Namespace(job), ObjectMeta.Name(job)!, ObjectMeta.Uid(job), "Background", cancellationToken);
        }
        catch (ApiException e)
        {
            // Kubernetes' wording, "Deleted job: <error>", for the failure too.
            _events.Warning(cj, "FailedDelete", $"Deleted job: {e.Message}");
            throw;
        }
        _events.Normal(cj, "SuccessfulDelete", $"Deleted job {ObjectMeta.Name(job)}");
    }

    /// <summary>Whether the CronJob's stored status still lists the job as active: its finish has not been seen yet.</summary>
    private static bool WasActive(JsonObject cj, JsonObject job) =>
        cj.At("status", "active") is JsonArray active && active.Any(r => r.StringAt("uid") == ObjectMeta.Uid(job));

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
        _statusWrites.Wrote(ObjectKeys.KeyOf(cj), await _control.UpdateStatusAsync(ResourceTypes.CronJob, cj, cancellationToken));
    }
}
