using System.Text.Json;
using Obs.Exporter.Exposition;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' job families, labelled <c>namespace</c>, <c>job_name</c>.</summary>
internal static class JobMetrics
{
    private static readonly SampleStart Start = (writer, family, j) => ObjectFamilies.Named(writer, family, j, "job_name");

    private static readonly (string Label, byte[] Value)[] FailureReasons =
        [("BackoffLimitExceeded", "BackoffLimitExceeded"u8.ToArray()), ("DeadlineExceeded", "DeadlineExceeded"u8.ToArray()), ("Evicted", "Evicted"u8.ToArray())];

    public static void Write(List<JsonElement> jobs, MetricsWriter writer)
    {
        ObjectFamilies.PerObject(writer, jobs, "kube_job_spec_completions", "The desired number of successfully finished pods the job should be run with.", Start,
            j => j.Get("spec"u8, "completions"u8).Number());
        ObjectFamilies.PerObject(writer, jobs, "kube_job_status_succeeded", "The number of pods which reached Phase Succeeded.", Start,
            j => j.Get("status"u8, "succeeded"u8).NumberOr(0));
        Failed(jobs, writer);
        ObjectFamilies.PerObject(writer, jobs, "kube_job_status_active", "The number of actively running pods.", Start,
            j => j.Get("status"u8, "active"u8).NumberOr(0));
        Condition(jobs, writer, "kube_job_complete", "The job has completed its execution.", "Complete"u8);
        Condition(jobs, writer, "kube_job_failed", "The job has failed its execution.", "Failed"u8);
        ObjectFamilies.PerObject(writer, jobs, "kube_job_status_start_time", "StartTime represents time when the job was acknowledged by the Job Manager.", Start,
            j => j.Get("status"u8, "startTime"u8).UnixSeconds());
        ObjectFamilies.PerObject(writer, jobs, "kube_job_status_completion_time", "CompletionTime represents time when the job was completed.", Start,
            j => j.Get("status"u8, "completionTime"u8).UnixSeconds());
        ObjectFamilies.Owners(writer, jobs, "kube_job_owner", "Information about the Job's owner.", Start, "");
    }

    // As kube-state-metrics: no reason label while nothing failed; one series per known reason of a Failed
    // condition; the failed count under reason="" when no known reason explains it.
    private static void Failed(List<JsonElement> jobs, MetricsWriter writer)
    {
        const string family = "kube_job_status_failed";
        writer.WriteHeader(family, MetricFamilyType.Gauge, "The number of pods which reached Phase Failed and the reason for failure.");
        foreach (var job in jobs)
        {
            var failed = job.Get("status"u8, "failed"u8).NumberOr(0);
            if (failed == 0)
            {
                Start(writer, family, job).Value(0L);
                continue;
            }
            var reasonKnown = false;
            foreach (var condition in job.Get("status"u8, "conditions"u8).Items())
            {
                if (!condition.Get("type"u8).Is("Failed"u8))
                {
                    continue;
                }
                var reason = condition.Get("reason"u8);
                foreach (var (label, value) in FailureReasons)
                {
                    var matches = reason.Is(value);
                    reasonKnown |= matches;
                    Start(writer, family, job).Label("reason", label).Value(matches ? 1L : 0L);
                }
            }
            if (!reasonKnown)
            {
                Start(writer, family, job).Label("reason", "").Value(failed);
            }
        }
    }

    private static void Condition(List<JsonElement> jobs, MetricsWriter writer, string family, string help, ReadOnlySpan<byte> type)
    {
        writer.WriteHeader(family, MetricFamilyType.Gauge, help);
        foreach (var job in jobs)
        {
            foreach (var condition in job.Get("status"u8, "conditions"u8).Items())
            {
                if (condition.Get("type"u8).Is(type))
                {
                    ObjectFamilies.ConditionStatus(writer, family, job, Start, condition.Get("status"u8), "condition");
                }
            }
        }
    }
}
