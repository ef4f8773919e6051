using System.Text.Json.Nodes;

namespace Obs.Api.Printing;

/// <summary>batch/v1: Jobs and CronJobs.</summary>
internal static class BatchTables
{
    public static readonly TableColumn[] JobColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Status", "Status of the job."),
        CommonColumns.Text("Completions", "The completion status of the job, as succeeded/desired completions."),
        CommonColumns.Text("Duration", "Time required to complete the job."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("A label query over pods that should match the pod count."),
    ];

    public static JsonNode?[] Job(JsonObject obj, DateTimeOffset now)
    {
        var succeeded = Fields.Integer(obj, "status", "succeeded");
        string completions;
        if (Fields.OptionalInteger(obj, "spec", "completions") is { } desired) completions = $"{succeeded}/{desired}";
        else
        {
            var parallelism = Fields.Integer(obj, "spec", "parallelism");
            completions = parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
        }

        var duration = "";
        if (Timestamp.TryParse(Fields.Text(obj, "status", "startTime"), out var start))
        {
            duration = Timestamp.TryParse(Fields.Text(obj, "status", "completionTime"), out var end)
                ? HumanDuration.Format(end - start)
                : HumanDuration.Format(now - start);
        }

        var podSpec = obj["spec"]?["template"]?["spec"];
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(JobStatus(obj)),
            Cell.Text(completions),
            Cell.Text(duration),
            ObjectCells.Age(obj, now),
            ObjectCells.ContainerNames(podSpec),
            ObjectCells.ContainerImages(podSpec),
            Cell.Text(Selectors.FormatSelectorOrNone(obj["spec"]?["selector"])),
        ];
    }

    /// <summary>The first that holds of: Complete, Failed, Terminating, Suspended, FailureTarget; else Running.</summary>
    private static string JobStatus(JsonObject job)
    {
        if (HasCondition(job, "Complete")) return "Complete";
        if (HasCondition(job, "Failed")) return "Failed";
        if (Fields.Text(job, "metadata", "deletionTimestamp").Length > 0) return "Terminating";
        if (HasCondition(job, "Suspended")) return "Suspended";
        if (HasCondition(job, "FailureTarget")) return "FailureTarget";
        return "Running";
    }

    /// <summary>The first condition of the type decides, as in kubectl.</summary>
    private static bool HasCondition(JsonObject job, string type) =>
        Fields.Items(job, "status", "conditions").FirstOrDefault(c => Fields.Text(c, "type") == type) is { } condition
        && Fields.Text(condition, "status") == "True";

    public static readonly TableColumn[] CronJobColumns =
    [
        CommonColumns.Name,
        CommonColumns.Text("Schedule", "The schedule in Cron format."),
        CommonColumns.Text("Timezone", "The time zone name for the given schedule."),
        new("Suspend", "boolean", "", "Whether subsequent executions are suspended."),
        CommonColumns.Integer("Active", "The number of currently running jobs."),
        CommonColumns.Text("Last Schedule", "When the job was last successfully scheduled."),
        CommonColumns.Age,
        CommonColumns.Containers,
        CommonColumns.Images,
        CommonColumns.Selector("A label query over pods that should match the pod count."),
    ];

    public static JsonNode?[] CronJob(JsonObject obj, DateTimeOffset now)
    {
        var lastSchedule = Fields.Text(obj, "status", "lastScheduleTime") is { Length: > 0 } last ? HumanDuration.Since(last, now) : "<none>";
        var timeZone = Fields.Text(obj, "spec", "timeZone") is { Length: > 0 } zone ? zone : "<none>";
        var suspend = obj["spec"]?["suspend"] is JsonValue flag && flag.TryGetValue<bool>(out var value) ? (value ? "True" : "False") : "<unset>";
        var jobSpec = obj["spec"]?["jobTemplate"]?["spec"];
        var podSpec = jobSpec?["template"]?["spec"];
        return
        [
            ObjectCells.Name(obj),
            Cell.Text(Fields.Text(obj, "spec", "schedule")),
            Cell.Text(timeZone),
            Cell.Text(suspend),
            Cell.Integer(Fields.Count(obj, "status", "active")),
            Cell.Text(lastSchedule),
            ObjectCells.Age(obj, now),
            ObjectCells.ContainerNames(podSpec),
            ObjectCells.ContainerImages(podSpec),
            Cell.Text(Selectors.FormatSelectorOrNone(jobSpec?["selector"])),
        ];
    }
}
