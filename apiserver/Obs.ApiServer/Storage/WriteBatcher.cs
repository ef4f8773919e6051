using System.Collections.Concurrent;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Group commit: writes that arrive while earlier ones are being written wait in a queue and then go to
/// PostgreSQL together, as one transaction. A transaction costs PostgreSQL far more than a row does (the
/// transaction id, the commit record, the WAL flush, the round trip), so under load the per-write cost
/// falls with the batch size; with no load each write is a batch of one and goes at once. At most
/// <paramref name="maxInFlight"/> batches are written at a time: the others' writes queue behind them,
/// which is what makes the batches grow. Each write keeps its own outcome (its own compare-and-swap).
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
            while (Take() is { Count: > 0 } batch) await WriteBatchAsync(batch);
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
            if (first.Result.IsCompletedSuccessfully && repeatAfter(first.Result.Result) is { } answer) repeat.Complete(answer);
            else
            {
                repeat.Requeue();
                _queue.Enqueue(repeat);
            }
        }
    }
}
