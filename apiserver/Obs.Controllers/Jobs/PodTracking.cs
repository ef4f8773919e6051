using System.Text.Json.Nodes;
using Obs.Api.Objects;
using Obs.Controllers.Pods;

namespace Obs.Controllers.Jobs;

/// <summary>
/// A Job's pods as its tracking finalizer sees them in one sync. A pod holding the finalizer has
/// not been counted; once it ended (or is being deleted and nothing runs it any more) it is
/// recorded in <see cref="UncountedPods"/> and its finalizer lifted. A pod without the finalizer
/// is counted already, so deleting it later changes no count.
/// </summary>
internal sealed class PodTracking
{
    private readonly JsonObject _job;
    private readonly IReadOnlyList<JsonObject> _held;
    private readonly PodFailures _failures;
    private readonly long? _indexedCompletions;

    private PodTracking(JsonObject job, IReadOnlyList<JsonObject> held, PodFailures failures, UncountedPods uncounted)
    {
        _job = job;
        _held = held;
        _failures = failures;
        Uncounted = uncounted;
        _indexedCompletions = job.StringAt("spec", "completionMode") == "Indexed" ? job.LongAt("spec", "completions") : null;
        Held = held.Select(p => ObjectMeta.Uid(p)!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The uids recorded in the status but not yet counted.</summary>
    public UncountedPods Uncounted { get; }

    /// <summary>The uids of the pods that hold the finalizer (those whose lifting is under way left out).</summary>
    public HashSet<string> Held { get; }

    /// <param name="lifting">Pods whose finalizer this controller lifted and its informer has not shown yet.</param>
    public static PodTracking Of(JsonObject job, IReadOnlyList<JsonObject> pods, IReadOnlySet<string> lifting, PodFailures failures) => new(
        job,
        pods.Where(p => TrackingFinalizer.IsOn(p) && ObjectMeta.Uid(p) is { } uid && !lifting.Contains(uid)).ToList(),
        failures,
        UncountedPods.Of(job["status"]));

    /// <summary>Pods held and not yet recorded: what the next steps will count.</summary>
    private IEnumerable<JsonObject> New => _held.Where(p => !Uncounted.Contains(ObjectMeta.Uid(p)!));

    /// <summary>Succeeded pods so far, counted or not (for a Job that is not Indexed).</summary>
    public long Succeeded =>
        (_job.LongAt("status", "succeeded") ?? 0) + Uncounted.Succeeded.Count + New.Count(p => p.StringAt("status", "phase") == "Succeeded");

    /// <summary>Failures so far that count against backoffLimit, recorded or about to be.</summary>
    public long Failed =>
        (_job.LongAt("status", "failed") ?? 0) + Uncounted.Failed.Count + New.Count(p => CountsAsFailure(p) && HasValidIndex(p));

    /// <summary>Failed, or (unless podReplacementPolicy is Failed) being deleted before it succeeded: deleted pods never get to fail.</summary>
    public bool CountsAsFailure(JsonObject pod) => pod.StringAt("status", "phase") switch
    {
        "Failed" => !_failures.IsIgnored(pod),
        "Succeeded" => false,
        _ => ObjectMeta.DeletionTimestamp(pod) is not null && JobController.ReplacementPolicy(_job) != "Failed",
    };

    /// <summary>
    /// The pods that ended, for the back-off: succeeded, or failed as counted here. A pod being
    /// deleted without the finalizer was lifted first because the Job no longer wanted it (or was
    /// counted already, and is remembered): how it ends is no failure of its own.
    /// </summary>
    public IEnumerable<(string Uid, bool Failed, DateTimeOffset At)> Ended(IEnumerable<JsonObject> pods) =>
        from pod in pods
        let succeeded = pod.StringAt("status", "phase") == "Succeeded"
        where succeeded || (CountsAsFailure(pod) && (TrackingFinalizer.IsOn(pod) || ObjectMeta.DeletionTimestamp(pod) is null))
        select (ObjectMeta.Uid(pod)!, !succeeded, PodFailureBackoff.FinishedAt(pod));

    private bool HasValidIndex(JsonObject pod) => _indexedCompletions is not { } completions || IndexedPods.IndexOf(pod, completions) is not null;

    /// <summary>
    /// The held pods whose finalizer comes off now, and for each what it is counted as: "succeeded",
    /// "failed", or null when nothing (an Indexed Job counts successes by index; a failure a rule
    /// ignores, or a pod stopped because the Job had succeeded, counts nowhere). A pod that ended
    /// comes off at once; one being deleted once nothing runs it (<see cref="TrackingFinalizer.StoppingUntil"/>).
    /// <paramref name="recheck"/> is when a pod still being stopped is due.
    /// </summary>
    public List<(JsonObject Pod, string? CountAs)> ToLift(JobOutcome? outcome, Func<JsonObject, bool> keepForIndex, DateTimeOffset now, out DateTimeOffset? recheck)
    {
        recheck = null;
        var lift = new List<(JsonObject, string?)>();
        foreach (var pod in _held)
        {
            var phase = pod.StringAt("status", "phase");
            var ended = phase is "Succeeded" or "Failed";
            if (!ended)
            {
                if (ObjectMeta.DeletionTimestamp(pod) is null) continue;
                if (TrackingFinalizer.StoppingUntil(pod, now) is { } deadline)
                {
                    recheck = recheck is { } r && r < deadline ? r : deadline;
                    continue;
                }
            }
            else if (phase == "Failed" && outcome is null && keepForIndex(pod))
            {
                continue;
            }
            lift.Add((pod, Uncounted.Contains(ObjectMeta.Uid(pod)!) ? null : CountAs(pod, phase, outcome)));
        }
        return lift;
    }

    private string? CountAs(JsonObject pod, string? phase, JobOutcome? outcome)
    {
        if (!HasValidIndex(pod)) return null;
        if (phase == "Succeeded") return _indexedCompletions is null ? "succeeded" : null;
        // Stopped because the Job had succeeded: no failure of its own, however it ended.
        if (outcome is { Succeeded: true } && ObjectMeta.DeletionTimestamp(pod) is not null) return null;
        return phase == "Failed" && _failures.IsIgnored(pod) ? null : "failed";
    }

    /// <summary>
    /// At most this many uids are held in <c>status.uncountedTerminatedPods</c>, and at most this
    /// many finalizers lifted in one sync (the job controller's MaxUncountedPods): the lists stay
    /// near 20 KB, well under the size of an object; the rest wait for the next sync.
    /// </summary>
    public const int MaxUncountedPods = 500;

    /// <summary>
    /// Records the uids of <paramref name="lift"/> that count (step 1 of 3), up to
    /// <see cref="MaxUncountedPods"/>, and returns the part of it whose finalizers come off in this
    /// sync; <paramref name="capped"/> when some had to wait, so the Job may not end yet.
    /// </summary>
    public List<(JsonObject Pod, string? CountAs)> Record(IReadOnlyList<(JsonObject Pod, string? CountAs)> lift, out bool capped)
    {
        var taken = new List<(JsonObject, string?)>();
        capped = false;
        foreach (var (pod, countAs) in lift)
        {
            if (taken.Count >= MaxUncountedPods || (countAs is not null && Uncounted.Count >= MaxUncountedPods))
            {
                capped = true;
                break;
            }
            if (countAs == "succeeded") Uncounted.Succeeded.Add(ObjectMeta.Uid(pod)!);
            else if (countAs == "failed") Uncounted.Failed.Add(ObjectMeta.Uid(pod)!);
            taken.Add((pod, countAs));
        }
        return taken;
    }
}
