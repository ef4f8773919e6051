using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' cronjob families, labelled <c>namespace</c>, <c>cronjob</c>.</summary>
internal static class CronJobMetrics
{
    private static readonly SampleStart Start = (writer, family, c) => ObjectFamilies.Named(writer, family, c, "cronjob");

    public static void Write(List<JsonElement> cronJobs, MetricsWriter writer)
    {
        Info(cronJobs, writer);
        ObjectFamilies.PerObject(writer, cronJobs, "kube_cronjob_status_active", "Active holds pointers to currently running jobs.", Start,
            c => c.Get("status"u8, "active"u8).Length());
        ObjectFamilies.PerObject(writer, cronJobs, "kube_cronjob_status_last_schedule_time",
            "LastScheduleTime keeps information of when was the last time the job was successfully scheduled.", Start,
            c => c.Get("status"u8, "lastScheduleTime"u8).UnixSeconds());
        ObjectFamilies.PerObject(writer, cronJobs, "kube_cronjob_spec_suspend", "Suspend flag tells the controller to suspend subsequent executions.", Start,
            c => c.Get("spec"u8, "suspend"u8) switch
            {
                { ValueKind: JsonValueKind.True } => 1,
                { ValueKind: JsonValueKind.False } => 0,
                _ => null,
            });
    }

    private static void Info(List<JsonElement> cronJobs, MetricsWriter writer)
    {
        const string family = "kube_cronjob_info";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "Info about cronjob.");
        foreach (var cronJob in cronJobs)
        {
            var spec = cronJob.Get("spec"u8);
            Start(writer, family, cronJob)
                .Label("schedule", spec.Get("schedule"u8))
                .LabelOr("concurrency_policy", spec.Get("concurrencyPolicy"u8), "Allow")
                .LabelOr("timezone", spec.Get("timeZone"u8), "local")
                .Value(1L);
        }
    }
}
