using System.Collections.Concurrent;

namespace Obs.Controllers.Jobs;

/// <summary>
/// The failures since the last success of each Job's pods, as the job controller's back-off store
/// keeps them, remembered by uid so that a failure still delays the next pod after its pod has gone
/// (lifted and deleted, as a pod deleted before it ended is at once). Each sync adds what its pods
/// show: after a restart of the controller the pods still there bring the count back.
/// </summary>
public sealed class PodFailureHistory
{
    private readonly ConcurrentDictionary<string, Record> _records = new(StringComparer.Ordinal);

    /// <summary>Adds the pods that ended (succeeded, or counted as failed) to the Job's record: every sync, so none is missed before it goes.</summary>
    internal void Observe(string jobKey, IEnumerable<(string Uid, bool Failed, DateTimeOffset At)> ended)
    {
        var record = _records.GetOrAdd(jobKey, _ => new Record());
        lock (record)
        {
            foreach (var (uid, failed, at) in ended)
            {
                if (failed)
                {
                    if (at > record.LastSuccess) record.Failures[uid] = at;
                    continue;
                }
                // A pod deleted while it ran counted as failed, and may still succeed on its way out.
                record.Failures.Remove(uid);
                if (at > record.LastSuccess) record.LastSuccess = at;
            }
            foreach (var uid in record.Failures.Where(f => f.Value <= record.LastSuccess).Select(f => f.Key).ToList())
                record.Failures.Remove(uid);
        }
    }

    /// <summary>How long from <paramref name="now"/> new pods of the Job must still wait.</summary>
    internal TimeSpan Remaining(string jobKey, DateTimeOffset now)
    {
        if (!_records.TryGetValue(jobKey, out var record)) return TimeSpan.Zero;
        lock (record)
            return record.Failures.Count == 0 ? TimeSpan.Zero : PodFailureBackoff.Remaining(record.Failures.Count, record.Failures.Values.Max(), now);
    }

    public void Forget(string jobKey) => _records.TryRemove(jobKey, out _);

    private sealed class Record
    {
        public DateTimeOffset LastSuccess { get; set; } = DateTimeOffset.MinValue;

        public Dictionary<string, DateTimeOffset> Failures { get; } = new(StringComparer.Ordinal);
    }
}
