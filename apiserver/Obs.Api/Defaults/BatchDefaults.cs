using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Api.Defaults;

/// <summary>batch/v1 defaults (SetDefaults_Job, SetDefaults_CronJob) plus the pod templates inside.</summary>
internal static class BatchDefaults
{
    public static void Job(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        // A job that names neither is a plain one-pod job; parallelism alone leaves completions unset (a work queue).
        if (spec["completions"] is null && spec["parallelism"] is null)
        {
            spec["completions"] = DefaultFields.Number(1);
            spec["parallelism"] = DefaultFields.Number(1);
        }
        DefaultFields.Pointer(spec, "parallelism", 1);
        // With per-index limits the global limit must not stop the job first.
        DefaultFields.Pointer(spec, "backoffLimit", spec["backoffLimitPerIndex"] is null ? 6 : int.MaxValue);

        if (spec.At("template", "metadata", "labels") is JsonObject templateLabels
            && (obj.At("metadata", "labels") is not JsonObject labels || labels.Count == 0))
        {
            obj.Ensure("metadata")["labels"] = templateLabels.DeepClone();
        }

        DefaultFields.Pointer(spec, "completionMode", "NonIndexed");
        DefaultFields.Pointer(spec, "suspend", false);
        if (DefaultFields.Child(spec, "podFailurePolicy") is { } failurePolicy)
        {
            foreach (var rule in DefaultFields.Items(failurePolicy, "rules"))
            {
                foreach (var pattern in DefaultFields.Items(rule, "onPodConditions")) DefaultFields.String(pattern, "status", "True");
            }
        }
        DefaultFields.Pointer(spec, "podReplacementPolicy", spec["podFailurePolicy"] is null ? "TerminatingOrFailed" : "Failed");
        // Current Kubernetes writes the false explicitly; the registry still generates the selector unless it is true.
        DefaultFields.Pointer(spec, "manualSelector", false);
        AppsDefaults.Template(spec);
    }

    public static void CronJob(JsonObject obj)
    {
        var spec = obj.Ensure("spec");
        DefaultFields.String(spec, "concurrencyPolicy", "Allow");
        DefaultFields.Pointer(spec, "suspend", false);
        DefaultFields.Pointer(spec, "successfulJobsHistoryLimit", 3);
        DefaultFields.Pointer(spec, "failedJobsHistoryLimit", 1);
        // The job template's own fields are defaulted when the Job is created; only its pod template is defaulted here.
        if (spec.At("jobTemplate", "spec") is JsonObject jobSpec) AppsDefaults.Template(jobSpec);
    }
}
