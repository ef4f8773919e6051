using System.Collections.Concurrent;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Group commit for creates: creates that arrive while earlier ones are being written wait in a queue
/// and then go to PostgreSQL together, as one transaction. A transaction costs PostgreSQL far more than
/// a row does (the transaction id, the commit record, the WAL flush, the round trip), so under load the
/// per-create cost falls with the batch size; with no load each create is a batch of one and goes at
/// once. At most <paramref name="maxInFlight"/> batches are written at a time: the others' creates
/// queue behind them, which is what makes the batches grow.
/// </summary>
/// <param name="write">Writes one batch (distinct keys) and completes each of its creates.</param>
public sealed class CreateBatcher(Func<IReadOnlyList<PendingCreate>, Task> write, int maxInFlight, int maxBatch)
{
    private readonly ConcurrentQueue<PendingCreate> _queue = new();
    private int _running;

    /// <summary>Queues the create; the result is its own, whatever its batch's neighbours did.</summary>
    public Task<WriteResult> CreateAsync(ObjectKey key, string json, CancellationToken cancellationToken)
    {
        var pending = new PendingCreate(key, json, cancellationToken);
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
            while (Take() is { Count: > 0 } batch) await WriteAsync(batch);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            // A create queued after the last Take while this writer still counted as running found no free
            // writer: start one for it.
            StartWriterIfIdle();
        }
    }

    /// <summary>
    /// Up to <c>maxBatch</c> queued creates, with distinct keys: a second create of a key in the same batch
    /// is answered from the first's outcome, as it would be had it come just after it (see <see cref="WriteAsync"/>).
    /// </summary>
    private List<PendingCreate> Take()
    {
        var batch = new List<PendingCreate>();
        while (batch.Count < maxBatch && _queue.TryDequeue(out var pending))
        {
            if (pending.TryStart()) batch.Add(pending);
        }
        return batch;
    }

    private async Task WriteAsync(List<PendingCreate> batch)
    {
        var firsts = new List<PendingCreate>(batch.Count);
        var seen = new Dictionary<ObjectKey, PendingCreate>();
        var repeats = new List<(PendingCreate Repeat, PendingCreate First)>();
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
            // Written or already there: either way the key exists when the repeat's turn comes. Should the
            // first have failed, the repeat has not been tried: it goes again, in a later batch.
            if (first.Result.IsCompletedSuccessfully) repeat.Complete(WriteResult.Failed(WriteStatus.AlreadyExists));
            else
            {
                repeat.Requeue();
                _queue.Enqueue(repeat);
            }
        }
    }
}
