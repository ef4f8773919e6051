using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Obs.Api.Objects;
using Obs.Api.Resources;
using Obs.Api.Selectors;
using Obs.Client.Informers;
using Obs.Controllers.Hosting;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// Runs Jobs to completion (pkg/controller/job): up to <c>parallelism</c> pods at a time until
/// <c>completions</c> succeeded (or, without completions, until one succeeded and none is
/// left running); Failed once more pods failed than <c>backoffLimit</c>, the job outlived
/// <c>activeDeadlineSeconds</c> or a FailJob rule of its <see cref="PodFailurePolicy"/> matched.
/// The end is decided first (<see cref="JobOutcome"/>), then the pods left are stopped, then it
/// is final. Pods are counted, not tracked with finalizers. An Indexed Job
/// (completionMode Indexed) runs one pod per index 0..completions-1 (<see cref="IndexedPods"/>),
/// replaces a failed pod with one of the same index (up to <c>backoffLimitPerIndex</c> times
/// when set), and lists the indexes done in <c>status.completedIndexes</c> and
/// <c>status.failedIndexes</c>; its <see cref="SuccessPolicy"/> may let it succeed early.
/// </summary>
public sealed class JobController : QueueController
{
    private readonly Lister _jobs;
    private readonly Lister _pods;
    private readonly IObjectControl _control;
    private readonly ControllerEvents _events;
    private readonly PodControl _podControl;

    internal JobController(Lister jobs, Lister pods, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("job", logger, time)
    {
        _jobs = jobs;
        _pods = pods;
        _control = control;
        _events = new ControllerEvents(control, "job-controller", ResourceTypes.Job);
        _podControl = new PodControl(control, _events);
        Expectations = new Expectations(Time);
    }

    public Expectations Expectations { get; }

    public static JobController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var jobs = informers.For(ResourceTypes.Job);
        var pods = informers.For(ResourceTypes.Pod);
        var controller = new JobController(jobs.Lister, pods.Lister, control, logger, time);
        controller.WaitFor(jobs, pods);
        jobs.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        pods.AddHandler(new InformerHandler(
            pod => controller.OnPod(pod, added: true),
            (_, pod) => controller.OnPod(pod, added: false),
            pod => controller.OnPodDeleted(pod)));
        return controller;
    }

    private string? OwnerKey(JsonObject pod)
    {
        if (OwnerReferences.Controller(pod) is not { } owner || owner.StringAt("kind") != "Job") return null;
        var job = _jobs.Get(ObjectMeta.Namespace(pod), owner.StringAt("name") ?? "");
        return job is not null && ObjectMeta.Uid(job) == owner.StringAt("uid") ? ObjectKeys.KeyOf(job) : null;
    }

    private void OnPod(JsonObject pod, bool added)
    {
        if (OwnerKey(pod) is not { } key) return;
        if (added) Expectations.CreationObserved(key);
        Enqueue(key);
    }

    private void OnPodDeleted(JsonObject pod)
    {
        if (OwnerKey(pod) is not { } key) return;
        Expectations.DeletionObserved(key);
        Enqueue(key);
    }

    internal static bool IsFinished(JsonNode job) =>
        job.At("status", "conditions") is JsonArray conditions
        && conditions.Any(c => c.StringAt("type") is "Complete" or "Failed" && c.StringAt("status") == "True");

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var stored = _jobs.Get(key);
        if (stored is null)
        {
            Expectations.Forget(key);
            return;
        }
        if (ObjectMeta.DeletionTimestamp(stored) is not null) return;
        if (IsFinished(stored))
        {
            await CollectFinishedAsync(key, stored, cancellationToken);
            return;
        }
        var job = (JsonObject)stored.DeepClone();
        var now = Time.GetUtcNow();
        var selector = LabelSelector.FromJson(job.At("spec", "selector"));
        var pods = await OwnershipClaims.ClaimAsync(ResourceTypes.Job, job, selector, ResourceTypes.Pod, _pods.List(ObjectMeta.Namespace(job)), _control, cancellationToken);
        var active = pods.Where(PodState.IsActive).OrderBy(p => p, Comparer<JsonObject>.Create(PodState.CompareForDeletion)).ToList();
        var terminating = pods.Count(IsTerminating);
        var failures = PodFailures.Of(job, pods);
        var completions = job.LongAt("spec", "completions");
        var parallelism = job.LongAt("spec", "parallelism") ?? 1;
        var suspended = job.BoolAt("spec", "suspend") == true;
        // Indexed: an index counts once however many of its pods succeeded.
        var indexed = IndexedProgress.Of(job, pods, failures);
        var succeeded = indexed?.Completed.Count ?? pods.Count(p => p.StringAt("status", "phase") == "Succeeded");

        var status = (JsonObject)(job["status"]?.DeepClone() ?? new JsonObject());
        if (!suspended && status["startTime"] is null) status["startTime"] = PodState.Format(now);
        var started = PodState.Time(status.StringAt("startTime"));
        var outcome = JobOutcome.Recorded(status) ?? Decide(job, failures, indexed, succeeded, active.Count, started, now);

        if (outcome is not null)
        {
            // The end is written before the pods are gone, so later syncs come while the informer may
            // still list pods deleted already: expected deletions keep them from being deleted twice.
            if (Expectations.Satisfied(key)) await DeleteExpectingAsync(key, job, active, cancellationToken);
            // What was just deleted is terminating until the informer says it is gone.
            terminating += active.Count;
            active.Clear();
        }
        else if (suspended)
        {
            foreach (var pod in active)
                await _podControl.DeleteAsync(job, pod, cancellationToken);
            terminating += active.Count;
            active.Clear();
        }
        else if (Expectations.Satisfied(key))
        {
            var wanted = completions is { } total ? Math.Min(parallelism, total - succeeded) : succeeded > 0 ? 0 : parallelism;
            // As the job controller does, a sync that deletes (too many pods, or two of one index) creates nothing.
            var surplus = indexed is not null ? indexed.Surplus(active, wanted) : active.Take((int)Math.Max(0, active.Count - wanted)).ToList();
            foreach (var pod in surplus)
            {
                await _podControl.DeleteAsync(job, pod, cancellationToken);
                active.Remove(pod);
            }
            // podReplacementPolicy Failed: a terminating pod keeps its place (and its index) until it has stopped.
            var waitForTerminating = ReplacementPolicy(job) == "Failed";
            var occupied = active.Count + (waitForTerminating ? terminating : 0);
            if (surplus.Count == 0 && wanted > occupied)
            {
                if (PodFailureBackoff.Remaining(pods.Where(p => !failures.IsIgnored(p)), now) is var wait && wait > TimeSpan.Zero)
                {
                    // Failed pods are replaced after a growing delay; the sync comes back when it is over.
                    EnqueueAfter(key, wait);
                }
                else
                {
                    var count = (int)(wanted - occupied);
                    var template = NewPod(job);
                    bool HoldsIndex(JsonObject pod) => PodState.IsActive(pod) || (waitForTerminating && IsTerminating(pod));
                    await CreatePodsAsync(key, job, indexed?.NewPods(template, ObjectMeta.Name(job)!, count, pods, HoldsIndex) ?? Enumerable.Repeat(template, count).ToList(), cancellationToken);
                }
            }
        }

        void Count(string field, long value)
        {
            if (value > 0) status[field] = value;
            else status.Remove(field);
        }
        Count("active", active.Count);
        Count("succeeded", succeeded);
        Count("failed", failures.Counted);
        // ready and terminating are pointers in batch/v1, written even when 0, so kubectl describe shows "(0 Ready)".
        status["ready"] = active.Count(PodState.IsReady);
        status["terminating"] = terminating;
        indexed?.WriteTo(status);
        var ended = outcome is not null && active.Count == 0 && terminating == 0;
        outcome?.WriteTo(status, ended, now);
        if (!JsonNode.DeepEquals(status, stored["status"]))
        {
            job["status"] = status;
            await _control.UpdateStatusAsync(ResourceTypes.Job, job, cancellationToken);
            // Once the end is stored, as the job controller does: a failed write retries the sync, not the event.
            if (ended && outcome!.Succeeded) _events.Normal(job, "Completed", "Job completed");
            else if (ended) _events.Warning(job, outcome!.Reason, outcome.Message);
        }
        if (outcome is null && job.LongAt("spec", "activeDeadlineSeconds") is { } limit && started is { } from)
            EnqueueAfter(key, from.AddSeconds(limit) - now + TimeSpan.FromSeconds(1));
    }

    /// <summary>Being deleted but not yet stopped (controller.CountTerminatingPods).</summary>
    private static bool IsTerminating(JsonObject pod) =>
        ObjectMeta.DeletionTimestamp(pod) is not null && pod.StringAt("status", "phase") is not ("Succeeded" or "Failed");

    /// <summary>As defaulted: Failed when the Job has a pod failure policy, else TerminatingOrFailed.</summary>
    private static string ReplacementPolicy(JsonObject job) =>
        job.StringAt("spec", "podReplacementPolicy") ?? (job.At("spec", "podFailurePolicy") is null ? "TerminatingOrFailed" : "Failed");

    /// <summary>
    /// How the Job ends, if it does now. Failing wins over succeeding, as in Kubernetes: a FailJob
    /// rule, the backoff limit, the deadline, too many failed indexes; then the success policy,
    /// every index ended with some failed, and last every completion done.
    /// </summary>
    private static JobOutcome? Decide(JsonObject job, PodFailures failures, IndexedProgress? indexed, long succeeded, int active, DateTimeOffset? started, DateTimeOffset now)
    {
        if (failures.FailJob is { } match) return JobOutcome.Failure("PodFailurePolicy", match.Message);
        if (failures.Counted > (job.LongAt("spec", "backoffLimit") ?? 6))
            return JobOutcome.Failure("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        if (job.LongAt("spec", "activeDeadlineSeconds") is { } deadline && started is { } s && s.AddSeconds(deadline) <= now)
            return JobOutcome.Failure("DeadlineExceeded", "Job was active longer than specified deadline");
        var indexFailure = indexed?.Failure(job);
        if (indexFailure is { Reason: "MaxFailedIndexesExceeded" }) return JobOutcome.Failure(indexFailure.Value.Reason, indexFailure.Value.Message);
        if (indexed is not null && SuccessPolicy.MatchedRule(job, indexed.Completed) is { } rule)
            return JobOutcome.Success("SuccessPolicy", $"Matched rules at index {rule}");
        if (indexFailure is { } failed) return JobOutcome.Failure(failed.Reason, failed.Message);
        var complete = job.LongAt("spec", "completions") is { } c ? succeeded >= c : succeeded > 0 && active == 0;
        return complete ? JobOutcome.Success("CompletionsReached", "Reached expected number of succeeded pods") : null;
    }

    private async Task DeleteExpectingAsync(string key, JsonObject job, List<JsonObject> pods, CancellationToken cancellationToken)
    {
        Expectations.Expect(key, 0, pods.Count);
        for (var i = 0; i < pods.Count; i++)
        {
            try
            {
                await _podControl.DeleteAsync(job, pods[i], cancellationToken);
            }
            catch
            {
                Expectations.Lower(key, 0, pods.Count - i);
                throw;
            }
        }
    }

    /// <summary>Creates the pods in slow-start batches, expecting each to come back through the informer.</summary>
    private async Task CreatePodsAsync(string key, JsonObject job, List<JsonObject> pods, CancellationToken cancellationToken)
    {
        if (pods.Count == 0) return;
        var queue = new Queue<JsonObject>(pods);
        Expectations.Expect(key, pods.Count, 0);
        var (made, error) = await SlowStart.RunAsync(pods.Count, () =>
        {
            JsonObject pod;
            lock (queue) pod = queue.Dequeue();
            return _podControl.CreateAsync(job, (JsonObject)pod.DeepClone(), cancellationToken);
        });
        Expectations.Lower(key, pods.Count - made, 0);
        if (error is not null) throw error;
    }

    /// <summary>ttlSecondsAfterFinished (the TTL-after-finished controller): a finished Job goes, with its pods, once its time is up.</summary>
    private async Task CollectFinishedAsync(string key, JsonObject job, CancellationToken cancellationToken)
    {
        if (job.LongAt("spec", "ttlSecondsAfterFinished") is not { } ttl) return;
        var finishedAt = job.At("status", "conditions") is JsonArray conditions
            ? conditions.Where(c => c.StringAt("type") is "Complete" or "Failed").Select(c => PodState.Time(c.StringAt("lastTransitionTime"))).Max()
            : null;
        var expires = (finishedAt ?? Time.GetUtcNow()).AddSeconds(ttl);
        if (expires > Time.GetUtcNow())
        {
            EnqueueAfter(key, expires - Time.GetUtcNow());
            return;
        }
        await _control.DeleteAsync(ResourceTypes.Job, ObjectMeta.Namespace(job), ObjectMeta.Name(job)!, ObjectMeta.Uid(job), "Background", cancellationToken);
    }

    internal static JsonObject NewPod(JsonObject job)
    {
        var template = job.At("spec", "template") as JsonObject ?? new JsonObject();
        var metadata = new JsonObject
        {
            ["generateName"] = ObjectMeta.Name(job) + "-",
            ["namespace"] = ObjectMeta.Namespace(job),
        };
        foreach (var field in new[] { "labels", "annotations", "finalizers" })
        {
            if (template.At("metadata", field) is { } value) metadata[field] = value.DeepClone();
        }
        metadata["ownerReferences"] = new JsonArray(OwnerReferences.ControllerRef(ResourceTypes.Job, job));
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }
}
