namespace Obs.ApiServer.Cache;

/// <summary>
/// Shares one query for the newest committed revision among the reads that wait for it at once. A read
/// of the latest state needs a revision read after it arrived (one read earlier could miss a write
/// acknowledged just before), so a read arriving while a query runs is answered by the next query,
/// which starts as soon as that one ends and answers everyone who arrived meanwhile. At most one
/// query runs at a time: under load the database sees one per round trip, not one per read.
/// </summary>
public sealed class RevisionQuery(Func<CancellationToken, Task<long>> query)
{
    private readonly Lock _lock = new();
    private bool _running;
    private TaskCompletionSource<long>? _queued;

    /// <summary>A revision read from the database after this call began.</summary>
    public Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<long> batch;
        bool start;
        lock (_lock)
        {
            batch = _queued ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            start = !_running;
            if (start)
            {
                _running = true;
                _queued = null;
            }
        }
        if (start) _ = RunAsync(batch);
        return batch.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(TaskCompletionSource<long> batch)
    {
        while (true)
        {
            // Not cancelled by any one reader: the others in the batch still wait for it.
            try { batch.TrySetResult(await query(CancellationToken.None)); }
            catch (Exception e) { batch.TrySetException(e); }
            lock (_lock)
            {
                if (_queued is null)
                {
                    _running = false;
                    return;
                }
                batch = _queued;
                _queued = null;
            }
        }
    }
}
