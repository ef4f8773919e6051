using System.Text.Json;

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
        ObjectFamilies.PerObject("kube_cronjob_spec_suspend", "Suspend flag tells the controller to suspend subsequent executions.",
            c => c.Get("spec"u8, "suspend"u8) switch
            {
                { ValueKind: JsonValueKind.True } => 1,
                { ValueKind: JsonValueKind.False } => 0,
                _ => null,
            }),
    ]);

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
