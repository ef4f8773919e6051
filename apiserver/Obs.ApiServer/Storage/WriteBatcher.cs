using System.Collections.Concurrent;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Group commit: writes that arrive while earlier ones are being written wait in a queue and then go to
/// PostgreSQL together, as one transaction. A transaction costs PostgreSQL far more than a row does (the
/// transaction id, the commit record, the WAL flush, the round trip), so under load the per-write cost
/// falls with the batch size; with no load each write is a batch of one and goes at once. At most
/// <paramref name="maxInFlight"/> batches are written at a time: the others' writes queue behind them,
/// which is what makes the batches grow. Each write keeps its own outcome (its own compare-and-swap).
/// <para>
/// Once a batch is written, the next is taken and sent first, and only then do the written batch's callers go on, one
/// after another on the writer's thread (<see cref="PendingWrite.Release"/>) while the next batch is in PostgreSQL. Each
/// caller's continuation queued to the thread pool on its own cost a thread wake-up per write; the callers' own code
/// after a write (writing the response) is short.
/// </para>
/// </summary>
/// <param name="write">Writes one batch (distinct keys) and completes each of its writes.</param>
/// <param name="repeatAfter">
/// What a second write of a key in one batch is answered once the first has its outcome, as it would be had it
/// come just after it; null sends it to a later batch instead.
/// </param>
public sealed class WriteBatcher(Func<IReadOnlyList<PendingWrite>, Task> write, Func<WriteResult, WriteResult?> repeatAfter, int maxInFlight, int maxBatch)
{
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private int _running;

    /// <summary>Queues the write; the result is its own, whatever its batch's neighbours did.</summary>
    /// <param name="expectedRevision">The revision a compare-and-swap expects (none for a create).</param>
    public Task<WriteResult> WriteAsync(ObjectKey key, StoredJson json, long expectedRevision, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(key, json, expectedRevision, cancellationToken);
        _queue.Enqueue(pending);
        StartWriterIfIdle();
        return pending.Result;
    }

    private void StartWriterIfIdle()
    {
        while (!_queue.IsEmpty)
        {
            var running = Volatile.Read(ref _running);
            if (running >= maxInFlight) return;
            if (Interlocked.CompareExchange(ref _running, running + 1, running) != running) continue;
            // Off the caller's thread: the caller is a request that should not run other requests' writes inline.
            _ = Task.Run(DrainAsync);
            return;
        }
    }

    private async Task DrainAsync()
    {
        try
        {
            // The batch written last, whose callers have not gone on yet.
            List<PendingWrite>? written = null;
            while (true)
            {
                var batch = Take();
                var writing = batch.Count > 0 ? WriteBatchAsync(batch) : null;
                if (written is not null) Release(written);
                if (writing is null)
                {
                    // The callers just released may have queued writes: look once more before stopping.
                    if (written is null) return;
                    written = null;
                    continue;
                }
                try
                {
                    await writing;
                }
                catch (Exception e)
                {
                    // Not expected (a batch's write failure is each write's outcome), but no caller may be left waiting.
                    foreach (var pending in batch) pending.Fail(e);
                }
                written = batch;
            }
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            // A write queued after the last Take while this writer still counted as running found no free
            // writer: start one for it.
            StartWriterIfIdle();
        }
    }

    /// <summary>Up to <c>maxBatch</c> queued writes (their keys may repeat: see <see cref="WriteBatchAsync"/>).</summary>
    private List<PendingWrite> Take()
    {
        var batch = new List<PendingWrite>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var pending))
        {
            if (pending.TryStart()) batch.Add(pending);
        }
        return batch;
    }

    /// <summary>The callers of a written batch go on, here and in turn (a write whose outcome is still open goes on once it is decided).</summary>
    private static void Release(List<PendingWrite> batch)
    {
        foreach (var pending in batch) pending.Release();
    }

    /// <summary>
    /// Writes the batch and decides each write's outcome, releasing none (<see cref="Release"/>); a repeat that goes to a
    /// later batch is queued again and left out of this one.
    /// </summary>
    private async Task WriteBatchAsync(List<PendingWrite> batch)
    {
        var firsts = new List<PendingWrite>(batch.Count);
        var seen = new Dictionary<ObjectKey, PendingWrite>();
        var repeats = new List<(PendingWrite Repeat, PendingWrite First)>();
        foreach (var pending in batch)
        {
            if (seen.TryGetValue(pending.Key, out var first)) repeats.Add((pending, first));
            else
            {
                seen.Add(pending.Key, pending);
                firsts.Add(pending);
            }
        }
        try
        {
            await write(firsts);
        }
        catch (Exception e)
        {
            foreach (var pending in firsts) pending.Fail(e);
        }
        foreach (var (repeat, first) in repeats)
        {
            // Should the first have failed, or left the repeat's outcome open, the repeat has not been tried: it
            // goes again, in a later batch.
            if (first.Outcome is { } outcome && repeatAfter(outcome) is { } answer) repeat.Complete(answer);
            else
            {
                batch.Remove(repeat);
                repeat.Requeue();
                _queue.Enqueue(repeat);
            }
        }
    }
}
