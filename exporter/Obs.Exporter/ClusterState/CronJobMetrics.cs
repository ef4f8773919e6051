using System.Text.Json;
using Obs.Api.Cron;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' cronjob families, labelled <c>namespace</c>, <c>cronjob</c>.</summary>
internal static class CronJobMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.CronJobs, ObjectFamilies.Named("cronjob"),
    [
        new("kube_cronjob_info", "Info about cronjob.", Info),
        ObjectFamilies.PerObject("kube_cronjob_status_active", "Active holds pointers to currently running jobs.",
            c => c.Get("status"u8, "active"u8).Length()),
        ObjectFamilies.PerObject("kube_cronjob_status_last_schedule_time",
            "LastScheduleTime keeps information of when was the last time the job was successfully scheduled.",
            c => c.Get("status"u8, "lastScheduleTime"u8).UnixSeconds()),
        ObjectFamilies.PerObject("kube_cronjob_next_schedule_time",
            "Next time the cronjob should be scheduled. The time after lastScheduleTime, or after the cron job's creation time if it's never been scheduled. Use this to determine if the job is delayed.",
            NextScheduleTime),
        ObjectFamilies.PerObject("kube_cronjob_spec_suspend", "Suspend flag tells the controller to suspend subsequent executions.",
            c => c.Get("spec"u8, "suspend"u8) switch
            {
                { ValueKind: JsonValueKind.True } => 1,
                { ValueKind: JsonValueKind.False } => 0,
                _ => null,
            }),
    ]);

    /// <summary>
    /// As kube-state-metrics computes it: the schedule's next time after the last one the job was scheduled at, or after
    /// the CronJob's creation; none while suspended, or when the schedule does not parse.
    /// </summary>
    private static double? NextScheduleTime(JsonElement cronJob)
    {
        var spec = cronJob.Get("spec"u8);
        if (spec.Get("suspend"u8).IsTrue() || spec.Get("schedule"u8) is not { ValueKind: JsonValueKind.String } schedule) return null;
        if ((cronJob.Get("status"u8, "lastScheduleTime"u8).UnixSeconds() ?? cronJob.Get("metadata"u8, "creationTimestamp"u8).UnixSeconds()) is not { } after)
            return null;
        var zone = spec.Get("timeZone"u8) is { ValueKind: JsonValueKind.String } named ? named.GetString() : null;
        try
        {
            return CronSchedule.Parse(schedule.GetString()!, zone).Next(DateTimeOffset.FromUnixTimeSeconds((long)after))?.ToUnixTimeSeconds();
        }
        catch (Exception e) when (e is FormatException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static void Info(JsonElement cronJob, ObjectLines lines)
    {
        var spec = cronJob.Get("spec"u8);
        lines.Add()
            .Label("schedule", spec.Get("schedule"u8))
            .LabelOr("concurrency_policy", spec.Get("concurrencyPolicy"u8), "Allow")
            .LabelOr("timezone", spec.Get("timeZone"u8), "local")
            .Value(1L);
    }
}
