namespace Obs.Api.Schema.Descriptions;

/// <summary>What <c>kubectl explain</c> says of the batch/v1 kinds.</summary>
internal static class BatchDescriptionsText
{
    public const string Text = """
        package batch

        Job: Runs pods until a number of them finish successfully, replacing pods that fail up to a limit.
          spec: The pods to run and when the Job is done or has failed.
          status: Pods by outcome, and whether the Job is Complete or Failed.

        JobSpec: What a Job runs and when it ends.
          template: The pod each attempt runs. Its restartPolicy must be Never or OnFailure.
          completions: How many pods must succeed. Default 1; unset with parallelism set makes a work queue: the Job is
              done once one pod succeeds and none is running.
          parallelism: How many pods may run at once. Default 1; 0 holds the Job.
          backoffLimit: How many failed pods are retried before the Job is marked Failed. Default 6. Retries wait
              longer each time.
          activeDeadlineSeconds: Seconds the Job may run, from its start, before its pods are stopped and it is marked
              Failed with DeadlineExceeded.
          ttlSecondsAfterFinished: Seconds after the Job finishes before it is deleted with its pods. Unset: kept.
          completionMode: NonIndexed (the default: any pods may succeed) or Indexed (each index from 0 to completions-1
              must succeed once; the pod learns its index from JOB_COMPLETION_INDEX).
          suspend: While true no pod is started, and running ones are stopped. A CronJob's jobs can be made suspended.
          selector: The labels of its pods. Made by the server unless manualSelector is true.
          manualSelector: Set selector yourself instead of letting the server make a unique one.
          podFailurePolicy: Rules, by exit code or pod condition, that fail the Job at once, ignore a failure, or count it.
          podReplacementPolicy: When a replacement pod starts: TerminatingOrFailed (as soon as the old one is terminating)
              or Failed (once it has fully stopped).

        JobStatus: What the Job controller last saw.
          active: Pods running or pending.
          succeeded: Pods that succeeded.
          failed: Pods that failed.
          ready: Of the active pods, the ready ones.
          startTime: When the Job started (again, after a suspend).
          completionTime: When the Job completed. Unset when it failed.
          conditions: Complete or Failed when the Job has finished; Suspended while it is suspended.
          completedIndexes: For Indexed Jobs, the indexes that succeeded, as ranges: 1,3-5.

        JobCondition: One aspect of a Job's state.
          type: Complete, Failed, Suspended, FailureTarget or SuccessCriteriaMet.
          status: True, False or Unknown.
          reason: Why, as a CamelCase word: BackoffLimitExceeded, DeadlineExceeded...
          message: Why, for people.
          lastTransitionTime: When status last changed.

        CronJob: Creates a Job from a template on a repeating schedule, written in cron syntax.
          spec: The schedule and the Job it creates.
          status: The Jobs running now and when the last one was scheduled.

        CronJobSpec: When and how a CronJob creates Jobs.
          schedule: Five cron fields (minute, hour, day of month, month, day of week), such as "*/5 * * * *", or
              a macro: @hourly, @daily, @weekly, @monthly, @yearly.
          timeZone: The time zone of the schedule, such as Europe/Paris. Default: UTC.
          startingDeadlineSeconds: Seconds after a scheduled time within which a missed run may still start. Unset: no deadline.
          concurrencyPolicy: What to do when the previous Job still runs at the next scheduled time: Allow (the default:
              run both), Forbid (skip this run) or Replace (stop the old Job and start the new).
          suspend: While true no new Job is created; those running go on.
          jobTemplate: The Job each run creates.
          successfulJobsHistoryLimit: How many finished successful Jobs to keep. Default 3.
          failedJobsHistoryLimit: How many failed Jobs to keep. Default 1.

        JobTemplateSpec: The Job a CronJob creates: its labels and annotations, and its spec.
          metadata: Labels and annotations each Job gets.
          spec: The spec each Job gets.

        CronJobStatus: What the CronJob controller last saw.
          active: The Jobs of this CronJob that are running.
          lastScheduleTime: When a Job was last scheduled.
          lastSuccessfulTime: When a Job last completed successfully.
        """;
}
