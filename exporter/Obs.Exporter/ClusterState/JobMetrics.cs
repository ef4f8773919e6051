using System.Text.Json;

namespace Obs.Exporter.ClusterState;

/// <summary>kube-state-metrics' job families, labelled <c>namespace</c>, <c>job_name</c>.</summary>
internal static class JobMetrics
{
    public static ObjectKind Kind { get; } = new(ClusterStateResources.Jobs, ObjectFamilies.Named("job_name"),
    [
        ObjectFamilies.PerObject("kube_job_info", "Information about job.", _ => 1),
        ObjectFamilies.PerObject("kube_job_spec_completions", "The desired number of successfully finished pods the job should be run with.",
            j => j.Get("spec"u8, "completions"u8).Number()),
        ObjectFamilies.PerObject("kube_job_status_succeeded", "The number of pods which reached Phase Succeeded.",
            j => j.Get("status"u8, "succeeded"u8).NumberOr(0)),
        new("kube_job_status_failed", "The number of pods which reached Phase Failed and the reason for failure.", Failed),
        ObjectFamilies.PerObject("kube_job_status_active", "The number of actively running pods.",
            j => j.Get("status"u8, "active"u8).NumberOr(0)),
        Condition("kube_job_complete", "The job has completed its execution.", "Complete"u8.ToArray()),
        Condition("kube_job_failed", "The job has failed its execution.", "Failed"u8.ToArray()),
        ObjectFamilies.PerObject("kube_job_status_start_time", "StartTime represents time when the job was acknowledged by the Job Manager.",
            j => j.Get("status"u8, "startTime"u8).UnixSeconds()),
        ObjectFamilies.PerObject("kube_job_status_completion_time", "CompletionTime represents time when the job was completed.",
            j => j.Get("status"u8, "completionTime"u8).UnixSeconds()),
        ObjectFamilies.Owners("kube_job_owner", "Information about the Job's owner.", ""),
    ]);

    private static readonly (string Label, byte[] Value)[] FailureReasons =
        [("BackoffLimitExceeded", "BackoffLimitExceeded"u8.ToArray()), ("DeadlineExceeded", "DeadlineExceeded"u8.ToArray()), ("Evicted", "Evicted"u8.ToArray())];

    // As kube-state-metrics: no reason label while nothing failed; one series per known reason of a Failed
    // condition; the failed count under reason="" when no known reason explains it.
    private static void Failed(JsonElement job, ObjectLines lines)
    {
        var failed = job.Get("status"u8, "failed"u8).NumberOr(0);
        if (failed == 0)
        {
            lines.Add().Value(0L);
            return;
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
                lines.Add().Label("reason", label).Value(matches ? 1L : 0L);
            }
        }
        if (!reasonKnown)
        {
            lines.Add().Label("reason", "").Value(failed);
        }
    }

    private static ObjectFamily Condition(string family, string help, byte[] type) =>
        new(family, help, (job, lines) =>
        {
            foreach (var condition in job.Get("status"u8, "conditions"u8).Items())
            {
                if (condition.Get("type"u8).Is(type))
                {
                    ObjectFamilies.ConditionStatus(lines, condition.Get("status"u8), "condition");
                }
            }
        });
}
