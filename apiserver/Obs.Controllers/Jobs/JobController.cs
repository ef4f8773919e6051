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
/// is final. Its pods carry the <see cref="TrackingFinalizer"/>, so each is counted exactly once
/// however it goes (<see cref="PodTracking"/>, <see cref="UncountedPods"/>). An Indexed Job
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
    private readonly FinalizerLifter _lifter;
    private readonly UnseenWrites _statusWrites;

    /// <summary>Prefixes the key of a pod whose Job is gone but which still holds the tracking finalizer.</summary>
    private const string OrphanPodPrefix = "pod:";

    internal JobController(Lister jobs, Lister pods, IObjectControl control, ILogger logger, TimeProvider? time = null)
        : base("job", logger, time)
    {
        _jobs = jobs;
        _pods = pods;
        _control = control;
        _events = new ControllerEvents(control, "job-controller", ResourceTypes.Job);
        _podControl = new PodControl(control, _events);
        Expectations = new Expectations(Time);
        _lifter = new FinalizerLifter(control, Removals);
        _statusWrites = new UnseenWrites(Time);
    }

    public Expectations Expectations { get; }

    public FinalizerRemovals Removals { get; } = new();

    public PodFailureHistory Backoff { get; } = new();

    public static JobController Create(SharedInformers informers, IObjectControl control, ILogger logger, TimeProvider? time = null)
    {
        var jobs = informers.For(ResourceTypes.Job);
        var pods = informers.For(ResourceTypes.Pod);
        var controller = new JobController(jobs.Lister, pods.Lister, control, logger, time);
        controller.WaitFor(jobs, pods);
        jobs.AddHandler(InformerHandler.Enqueue(controller.Enqueue));
        jobs.AddHandler(new InformerHandler(onDelete: controller.OnJobDeleted));
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
        if (OwnerKey(pod) is not { } key)
        {
            // Its Job is gone (or never was): nothing will count it, and it must be free to go.
            if (TrackingFinalizer.IsOn(pod)) Enqueue(OrphanPodPrefix + ObjectKeys.KeyOf(pod));
            return;
        }
        if (added) Expectations.CreationObserved(key);
        if (!TrackingFinalizer.IsOn(pod)) Removals.Observed(key, ObjectMeta.Uid(pod)!);
        Enqueue(key);
    }

    private void OnPodDeleted(JsonObject pod)
    {
        if (OwnerKey(pod) is not { } key) return;
        Expectations.DeletionObserved(key);
        Removals.Observed(key, ObjectMeta.Uid(pod)!);
        Enqueue(key);
    }

    /// <summary>A deleted Job's pods may be listed before or after it goes: each that holds the finalizer is looked at on its own.</summary>
    private void OnJobDeleted(JsonObject job)
    {
        foreach (var pod in _pods.ByIndex(SharedInformers.ByControllerUid, ObjectMeta.Uid(job) ?? ""))
        {
            if (TrackingFinalizer.IsOn(pod)) Enqueue(OrphanPodPrefix + ObjectKeys.KeyOf(pod));
        }
    }

    internal static bool IsFinished(JsonNode job) =>
        job.At("status", "conditions") is JsonArray conditions
        && conditions.Any(c => c.StringAt("type") is "Complete" or "Failed" && c.StringAt("status") == "True");

    public override async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (key.StartsWith(OrphanPodPrefix, StringComparison.Ordinal))
        {
            await ReleaseOrphanAsync(key[OrphanPodPrefix.Length..], cancellationToken);
            return;
        }
        var stored = _jobs.Get(key);
        if (stored is null)
        {
            Expectations.Forget(key);
            Removals.Forget(key);
            Backoff.Forget(key);
            _statusWrites.Forget(key);
            return;
        }
        // A copy older than this controller's last status write would be written over a version already gone (a
        // conflict, retried); the Job's own update event brings the sync back once the cache shows the write.
        if (!_statusWrites.Seen(key, [stored])) return;
        var now = Time.GetUtcNow();
        if (ObjectMeta.DeletionTimestamp(stored) is not null || IsFinished(stored))
        {
            // Nothing is counted any more: the pods left only need to be free to go once they ended or
            // are deleted (the garbage collector waits for them when the Job is deleted in the foreground).
            Backoff.Forget(key);
            var held = _pods.ByIndex(SharedInformers.ByControllerUid, ObjectMeta.Uid(stored) ?? "").Where(TrackingFinalizer.IsOn).ToList();
            var (_, error) = await _lifter.LiftAllAsync(key, held.Where(p => TrackingFinalizer.MayGo(p, now)), cancellationToken);
            if (error is not null) throw error;
            if (held.Select(p => TrackingFinalizer.StoppingUntil(p, now)).Min() is { } deadline) EnqueueAfter(key, deadline - now + TimeSpan.FromSeconds(1));
            if (ObjectMeta.DeletionTimestamp(stored) is null) await CollectFinishedAsync(key, stored, cancellationToken);
            return;
        }
        var job = (JsonObject)stored.DeepClone();
        var selector = LabelSelector.FromJson(job.At("spec", "selector"));
        var pods = await OwnershipClaims.ClaimAsync(ResourceTypes.Job, job, selector, ResourceTypes.Pod, _pods.List(ObjectMeta.Namespace(job)), _control, cancellationToken);
        var active = pods.Where(PodState.IsActive).OrderBy(p => p, Comparer<JsonObject>.Create(PodState.CompareForDeletion)).ToList();
        var terminating = pods.Count(IsTerminating);
        var failures = PodFailures.Of(job, pods);
        var tracking = PodTracking.Of(job, pods, Removals.Pending(key), failures);
        Backoff.Observe(key, tracking.Ended(pods));
        var completions = job.LongAt("spec", "completions");
        var parallelism = job.LongAt("spec", "parallelism") ?? 1;
        var suspended = job.BoolAt("spec", "suspend") == true;
        // Indexed: an index counts once however many of its pods succeeded.
        var indexed = IndexedProgress.Of(job, pods, failures);
        var succeeded = indexed?.Completed.Count ?? tracking.Succeeded;

        var status = (JsonObject)(job["status"]?.DeepClone() ?? new JsonObject());
        if (!suspended && status["startTime"] is null) status["startTime"] = PodState.Format(now);
        var started = PodState.Time(status.StringAt("startTime"));
        var outcome = JobOutcome.Recorded(status) ?? Decide(job, failures, tracking.Failed, indexed, succeeded, active.Count, started, now);

        if (outcome is not null)
        {
            // The end is written before the pods are gone, so later syncs come while the informer may
            // still list pods deleted already: expected deletions keep them from being deleted twice.
            // They keep their finalizer, to be counted once they have stopped.
            if (Expectations.Satisfied(key)) await DeleteExpectingAsync(key, job, active, cancellationToken);
            // What was just deleted is terminating until the informer says it is gone.
            terminating += active.Count;
            active.Clear();
        }
        else if (suspended)
        {
            foreach (var pod in active)
                await DeleteUncountedAsync(key, job, pod, cancellationToken);
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
                await DeleteUncountedAsync(key, job, pod, cancellationToken);
                active.Remove(pod);
            }
            // podReplacementPolicy Failed: a terminating pod keeps its place (and its index) until it has stopped.
            var waitForTerminating = ReplacementPolicy(job) == "Failed";
            var occupied = active.Count + (waitForTerminating ? terminating : 0);
            if (surplus.Count == 0 && wanted > occupied)
            {
                // Failed pods are replaced after a growing delay (each index its own, with backoffLimitPerIndex);
                // the sync comes back when it is over.
                if (indexed?.BacksOffPerIndex != true && Backoff.Remaining(key, now) is var wait && wait > TimeSpan.Zero)
                {
                    EnqueueAfter(key, wait);
                }
                else
                {
                    var count = (int)(wanted - occupied);
                    var template = NewPod(job);
                    bool HoldsIndex(JsonObject pod) => PodState.IsActive(pod) || (waitForTerminating && IsTerminating(pod));
                    var indexWait = TimeSpan.Zero;
                    await CreatePodsAsync(key, job, indexed?.NewPods(template, ObjectMeta.Name(job)!, count, pods, HoldsIndex, now, out indexWait) ?? Enumerable.Repeat(template, count).ToList(), cancellationToken);
                    if (indexWait > TimeSpan.Zero) EnqueueAfter(key, indexWait);
                }
            }
        }

        if (active.Count > 0) status["active"] = active.Count;
        else status.Remove("active");
        // ready and terminating are pointers in batch/v1, written even when 0, so kubectl describe shows "(0 Ready)".
        status["ready"] = active.Count(PodState.IsReady);
        status["terminating"] = terminating;
        if (indexed is not null)
        {
            indexed.WriteTo(status);
            if (indexed.Completed.Count > 0) status["succeeded"] = indexed.Completed.Count;
            else status.Remove("succeeded");
        }
        outcome?.WriteTo(status, ended: false, now);
        // With backoffLimitPerIndex a failed pod stays until its replacement exists, which carries its index's failure count on.
        await TrackAsync(key, job, stored, status, tracking, outcome, pod => indexed?.AwaitsReplacement(pod, pods) == true, active.Count + terminating, now, cancellationToken);
        if (outcome is null && job.LongAt("spec", "activeDeadlineSeconds") is { } limit && started is { } from)
            EnqueueAfter(key, from.AddSeconds(limit) - now + TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Counts the pods that ended in Kubernetes' three steps, each one surviving a restart of the
    /// controller between them: their uids are written to <c>status.uncountedTerminatedPods</c>
    /// (with the rest of the status), their finalizers lifted, and the uids of the pods no longer
    /// held moved into the counters, at most <see cref="PodTracking.MaxUncountedPods"/> at a time.
    /// The Job ends only once nothing is left uncounted or running.
    /// </summary>
    private async Task TrackAsync(string key, JsonObject job, JsonObject stored, JsonObject status, PodTracking tracking, JobOutcome? outcome,
        Func<JsonObject, bool> keepForIndex, int running, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = tracking.Held;
        // Left over from a sync that stopped after lifting: count what is no longer held first.
        tracking.Uncounted.Settle(status, held);
        var lift = tracking.Record(tracking.ToLift(outcome, keepForIndex, now, out var recheck), out var capped);
        tracking.Uncounted.WriteTo(status);
        var written = stored["status"];
        if (!JsonNode.DeepEquals(status, written))
        {
            job["status"] = status.DeepClone();
            job = await _control.UpdateStatusAsync(ResourceTypes.Job, job, cancellationToken);
            _statusWrites.Wrote(key, job);
            written = status.DeepClone();
        }

        var (lifted, error) = await _lifter.LiftAllAsync(key, lift.Select(l => l.Pod), cancellationToken);
        held.ExceptWith(lifted);
        tracking.Uncounted.Settle(status, held);
        var ended = outcome is not null && running == 0 && tracking.Uncounted.IsEmpty && !capped;
        if (ended) outcome!.WriteTo(status, ended: true, now);
        if (!JsonNode.DeepEquals(status, written))
        {
            job["status"] = status;
            _statusWrites.Wrote(key, await _control.UpdateStatusAsync(ResourceTypes.Job, job, cancellationToken));
            // Once the end is stored, as the job controller does: a failed write retries the sync, not the event.
            if (ended && outcome!.Succeeded) _events.Normal(job, "Completed", "Job completed");
            else if (ended) _events.Warning(job, outcome!.Reason, outcome.Message);
        }
        if (error is not null) throw error;
        // The pods left over are counted by the next sync (their lifted neighbours' updates would bring it too).
        if (capped) Enqueue(key);
        // A pod being deleted on a node keeps its finalizer until it stopped, or until its deadline.
        if (recheck is { } at) EnqueueAfter(key, at - now + TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Deletes a pod the Job no longer wants (suspended, or one too many), lifting its finalizer
    /// first, as the job controller does: it stopped for the Job's sake, not by failing.
    /// </summary>
    private async Task DeleteUncountedAsync(string key, JsonObject job, JsonObject pod, CancellationToken cancellationToken)
    {
        if (TrackingFinalizer.IsOn(pod)) await _lifter.LiftAsync(key, pod, cancellationToken);
        await _podControl.DeleteAsync(job, pod, cancellationToken);
    }

    /// <summary>
    /// A pod whose Job is gone, finished or being deleted: lifts its finalizer once it ended or is
    /// deleted (and stopped, if its node agent is stopping it); one a live Job owns is that Job's to count.
    /// </summary>
    private async Task ReleaseOrphanAsync(string podKey, CancellationToken cancellationToken)
    {
        if (_pods.Get(podKey) is not { } pod || !TrackingFinalizer.IsOn(pod)) return;
        if (OwnerKey(pod) is { } owner && _jobs.Get(owner) is { } job && ObjectMeta.DeletionTimestamp(job) is null && !IsFinished(job)) return;
        var now = Time.GetUtcNow();
        if (TrackingFinalizer.StoppingUntil(pod, now) is { } deadline)
        {
            // Its end, or its deadline, wakes it again.
            EnqueueAfter(OrphanPodPrefix + podKey, deadline - now + TimeSpan.FromSeconds(1));
            return;
        }
        // One still running is looked at again when it ends or is deleted.
        if (TrackingFinalizer.MayGo(pod, now)) await _lifter.LiftAsync(null, pod, cancellationToken);
    }

    /// <summary>Being deleted but not yet stopped (controller.CountTerminatingPods).</summary>
    private static bool IsTerminating(JsonObject pod) =>
        ObjectMeta.DeletionTimestamp(pod) is not null && pod.StringAt("status", "phase") is not ("Succeeded" or "Failed");

    /// <summary>As defaulted: Failed when the Job has a pod failure policy, else TerminatingOrFailed.</summary>
    internal static string ReplacementPolicy(JsonObject job) =>
        job.StringAt("spec", "podReplacementPolicy") ?? (job.At("spec", "podFailurePolicy") is null ? "TerminatingOrFailed" : "Failed");

    /// <summary>
    /// How the Job ends, if it does now. Failing wins over succeeding, as in Kubernetes: a FailJob
    /// rule, the backoff limit, the deadline, too many failed indexes; then the success policy,
    /// every index ended with some failed, and last every completion done.
    /// </summary>
    private static JobOutcome? Decide(JsonObject job, PodFailures failures, long failed, IndexedProgress? indexed, long succeeded, int active, DateTimeOffset? started, DateTimeOffset now)
    {
        if (failures.FailJob is { } match) return JobOutcome.Failure("PodFailurePolicy", match.Message);
        if (failed > (job.LongAt("spec", "backoffLimit") ?? 6))
            return JobOutcome.Failure("BackoffLimitExceeded", "Job has reached the specified backoff limit");
        if (job.LongAt("spec", "activeDeadlineSeconds") is { } deadline && started is { } s && s.AddSeconds(deadline) <= now)
            return JobOutcome.Failure("DeadlineExceeded", "Job was active longer than specified deadline");
        var indexFailure = indexed?.Failure(job);
        if (indexFailure is { Reason: "MaxFailedIndexesExceeded" }) return JobOutcome.Failure(indexFailure.Value.Reason, indexFailure.Value.Message);
        if (indexed is not null && SuccessPolicy.MatchedRule(job, indexed.Completed) is { } rule)
            return JobOutcome.Success("SuccessPolicy", $"Matched rules at index {rule}");
        if (indexFailure is { } indexesFailed) return JobOutcome.Failure(indexesFailed.Reason, indexesFailed.Message);
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
        var pod = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = metadata,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
        TrackingFinalizer.AddTo(pod);
        return pod;
    }
}
