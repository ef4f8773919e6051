using System.Globalization;
using System.Text.Json.Nodes;
using Obs.Api.Objects;

namespace Obs.Controllers.Jobs;

/// <summary>
/// Where an Indexed Job stands, read off its pods and its status: the indexes that succeeded
/// and, with <c>backoffLimitPerIndex</c>, those that failed for good (out of retries, or at once
/// by a FailIndex rule of the pod failure policy). Indexes already in the status stay counted
/// when their pods are gone.
/// </summary>
internal sealed class IndexedProgress
{
    /// <summary>On each pod of a Job with backoffLimitPerIndex: how many earlier pods of its index failed.</summary>
    public const string FailureCountKey = "batch.kubernetes.io/job-index-failure-count";

    /// <summary>Beside it: how many earlier failures of its index the pod failure policy ignored (written once there is one).</summary>
    public const string IgnoredFailureCountKey = "batch.kubernetes.io/job-index-ignored-failure-count";

    private readonly long _completions;
    private readonly long? _perIndex;
    private readonly PodFailures _failures;

    private IndexedProgress(long completions, long? perIndex, PodFailures failures, SortedSet<int> completed, SortedSet<int>? failed)
    {
        _completions = completions;
        _perIndex = perIndex;
        _failures = failures;
        Completed = completed;
        Failed = failed;
    }

    public SortedSet<int> Completed { get; }

    /// <summary>The indexes out of retries; null unless the Job sets backoffLimitPerIndex.</summary>
    public SortedSet<int>? Failed { get; }

    /// <summary>Null for a Job that is not Indexed.</summary>
    public static IndexedProgress? Of(JsonObject job, IReadOnlyList<JsonObject> pods, PodFailures failures)
    {
        if (job.StringAt("spec", "completionMode") != "Indexed" || job.LongAt("spec", "completions") is not { } completions) return null;
        var limit = (int)Math.Min(completions, int.MaxValue);
        var completed = IndexIntervals.Parse(job.StringAt("status", "completedIndexes"), limit);
        var perIndex = job.LongAt("spec", "backoffLimitPerIndex");
        var failed = perIndex is null ? null : IndexIntervals.Parse(job.StringAt("status", "failedIndexes"), limit);
        foreach (var pod in pods)
        {
            if (IndexedPods.IndexOf(pod, completions) is not { } index) continue;
            var phase = pod.StringAt("status", "phase");
            if (phase == "Succeeded") completed.Add(index);
            else if (phase == "Failed" && failed is not null && !failures.IsIgnored(pod)
                && (failures.ActionOf(pod) == PodFailurePolicy.FailIndex || FailureCount(pod) >= perIndex))
            {
                failed.Add(index);
            }
        }
        return new IndexedProgress(completions, perIndex, failures, completed, failed);
    }

    private static long FailureCount(JsonNode pod) => Annotation(pod, FailureCountKey);

    private static long Annotation(JsonNode pod, string key) =>
        long.TryParse(pod.StringAt("metadata", "annotations", key), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : 0;

    /// <summary>
    /// With backoffLimitPerIndex: whether the failed <paramref name="pod"/> must keep its tracking
    /// finalizer because its index will run again and no pod of the index has replaced it yet; its
    /// failure count is read off it for the replacement, so it must not be gone before.
    /// </summary>
    public bool AwaitsReplacement(JsonObject pod, IReadOnlyList<JsonObject> pods)
    {
        if (_perIndex is null || pod.StringAt("status", "phase") != "Failed" || IndexedPods.IndexOf(pod, _completions) is not { } index) return false;
        if (Completed.Contains(index) || Failed?.Contains(index) == true) return false;
        return !pods.Any(p => p.StringAt("status", "phase") != "Failed" && IndexedPods.IndexOf(p, _completions) == index);
    }

    /// <summary>The Failed condition's reason and message once too many indexes failed, or once every index ended and some failed.</summary>
    public (string Reason, string Message)? Failure(JsonObject job)
    {
        if (Failed is not { Count: > 0 }) return null;
        if (job.LongAt("spec", "maxFailedIndexes") is { } max && Failed.Count > max)
            return ("MaxFailedIndexesExceeded", "Job has exceeded the specified maximal number of failed indexes");
        return Failed.Count + Completed.Count >= _completions ? ("FailedIndexes", "Job has failed indexes") : null;
    }

    /// <summary>Active pods to delete: those of failed indexes, then <see cref="IndexedPods.Surplus"/>.</summary>
    public List<JsonObject> Surplus(IReadOnlyList<JsonObject> active, long wanted)
    {
        var ofFailed = Failed is null ? [] : active.Where(p => IndexedPods.IndexOf(p, _completions) is { } i && Failed.Contains(i)).ToList();
        return [.. ofFailed, .. IndexedPods.Surplus(active.Except(ofFailed), _completions, wanted)];
    }

    /// <summary>Whether each index backs off on its own (backoffLimitPerIndex), in place of the Job's back-off.</summary>
    public bool BacksOffPerIndex => _perIndex is not null;

    /// <summary>
    /// Pods for the lowest <paramref name="count"/> indexes that neither ended nor have a pod that
    /// <paramref name="holdsIndex"/>, made from <paramref name="template"/>; with backoffLimitPerIndex
    /// each carries its index's failure count so far (failures the policy ignores not counted), and
    /// an index whose back-off after its latest failure is not over waits (<paramref name="wait"/>,
    /// the shortest), without a higher index taking its turn.
    /// </summary>
    public List<JsonObject> NewPods(JsonObject template, string jobName, int count, IReadOnlyList<JsonObject> pods, Func<JsonObject, bool> holdsIndex, DateTimeOffset now, out TimeSpan wait)
    {
        var running = pods.Where(holdsIndex).Select(p => IndexedPods.IndexOf(p, _completions)).OfType<int>().ToHashSet();
        IndexedPods.AddIndexVariable(template);
        var made = new List<JsonObject>();
        wait = TimeSpan.Zero;
        for (int i = 0, taken = 0; i < _completions && taken < count; i++)
        {
            if (Completed.Contains(i) || Failed?.Contains(i) == true || running.Contains(i)) continue;
            taken++;
            var pod = IndexedPods.ForIndex(template, jobName, i);
            if (_perIndex is not null)
            {
                // One more than the most recent failed pod of the index carried, or 0 for its first pod;
                // an ignored failure adds to the ignored count instead.
                var failed = pods.Where(p => p.StringAt("status", "phase") == "Failed" && IndexedPods.IndexOf(p, _completions) == i).ToList();
                var failures = failed.Select(p => FailureCount(p) + (_failures.IsIgnored(p) ? 0 : 1)).DefaultIfEmpty(0).Max();
                var ignored = failed.Select(p => Annotation(p, IgnoredFailureCountKey) + (_failures.IsIgnored(p) ? 1 : 0)).DefaultIfEmpty(0).Max();
                var lastFailure = failed.Where(p => !_failures.IsIgnored(p)).Select(PodFailureBackoff.FinishedAt).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
                if (PodFailureBackoff.Remaining((int)Math.Min(failures, int.MaxValue), lastFailure, now) is var remaining && remaining > TimeSpan.Zero)
                {
                    wait = wait == TimeSpan.Zero || remaining < wait ? remaining : wait;
                    continue;
                }
                var annotations = pod.Ensure("metadata", "annotations");
                annotations[FailureCountKey] = failures.ToString(CultureInfo.InvariantCulture);
                if (ignored > 0) annotations[IgnoredFailureCountKey] = ignored.ToString(CultureInfo.InvariantCulture);
            }
            made.Add(pod);
        }
        return made;
    }

    public void WriteTo(JsonObject status)
    {
        if (Completed.Count > 0) status["completedIndexes"] = IndexIntervals.Format(Completed);
        else status.Remove("completedIndexes");
        // A pointer in batch/v1, written (possibly empty) whenever backoffLimitPerIndex is set.
        if (Failed is not null) status["failedIndexes"] = IndexIntervals.Format(Failed);
    }
}
