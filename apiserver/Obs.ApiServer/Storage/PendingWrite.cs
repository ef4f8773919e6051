using System.Diagnostics;

namespace Obs.ApiServer.Storage;

/// <summary>
/// One write waiting for its batch (<see cref="WriteBatcher"/>). Its caller may give up while it is
/// queued; once its batch has taken it, it is written whatever the caller does, as a statement already
/// sent would be.
/// <para>
/// Its outcome is decided (<see cref="Complete"/>, <see cref="Fail"/>) by whoever writes the batch, and handed to its
/// caller when the batcher releases it (<see cref="Release"/>): the caller's code goes on right there, on the releasing
/// thread. The batcher releases a batch's writes one after another on one thread, instead of each caller's continuation
/// being queued to the thread pool on its own (a thread woken per write). An outcome decided after the release (an update
/// whose failure is still being looked into) is handed over as soon as it is decided.
/// </para>
/// </summary>
public sealed class PendingWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    // Continuations run where the outcome is handed over (Release, or a decision after it), not queued each on its own.
    private readonly TaskCompletionSource<WriteResult> _result = new();
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _cancellationToken;
    private readonly Lock _lock = new();
    private int _state;
    private WriteResult? _outcome;
    private Exception? _failure;
    private bool _released;

    public PendingWrite(ObjectKey key, StoredJson json, long expectedRevision, CancellationToken cancellationToken)
    {
        Key = key;
        Json = json;
        ExpectedRevision = expectedRevision;
        _cancellationToken = cancellationToken;
        if (cancellationToken.CanBeCanceled) _registration = cancellationToken.Register(Abandon);
    }

    public ObjectKey Key { get; }

    public StoredJson Json { get; }

    /// <summary>The revision an update's compare-and-swap expects; 0 for a create.</summary>
    public long ExpectedRevision { get; }

    /// <summary>When the write was asked for: its storage time includes the wait for its batch.</summary>
    public long QueuedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>What the caller awaits: completes once the outcome is decided and released.</summary>
    public Task<WriteResult> Result => _result.Task;

    /// <summary>The outcome decided so far, when it is a result (not a failure), whether or not it has been released.</summary>
    public WriteResult? Outcome
    {
        get { lock (_lock) return _outcome; }
    }

    /// <summary>Takes the write into a batch; false when its caller gave up while it was queued.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Puts a taken write back in the queue's state, to go in a later batch (unless its caller gave up meanwhile).</summary>
    public void Requeue()
    {
        Volatile.Write(ref _state, Queued);
        if (_cancellationToken.IsCancellationRequested) Abandon();
    }

    /// <summary>Decides the outcome (the first decision holds); the caller has it once the write is released.</summary>
    public void Complete(WriteResult result) => Decide(result, null);

    /// <inheritdoc cref="Complete"/>
    public void Fail(Exception exception) => Decide(null, exception);

    /// <summary>
    /// Hands the outcome to the caller, whose code goes on here, on this thread; a write not decided yet is handed over
    /// when it is.
    /// </summary>
    public void Release()
    {
        lock (_lock)
        {
            if (_released) return;
            _released = true;
            if (_outcome is null && _failure is null) return;
        }
        HandOver();
    }

    private void Decide(WriteResult? result, Exception? failure)
    {
        lock (_lock)
        {
            if (_outcome is not null || _failure is not null) return;
            (_outcome, _failure) = (result, failure);
            if (!_released) return;
        }
        HandOver();
    }

    private void HandOver()
    {
        _registration.Dispose();
        if (_failure is { } failure) _result.TrySetException(failure);
        else _result.TrySetResult(_outcome.GetValueOrDefault());
    }

    private void Abandon()
    {
        // Off the cancelling thread: the caller's code would otherwise go on inside whatever cancelled its token.
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued)
            ThreadPool.UnsafeQueueUserWorkItem(static write => write._result.TrySetCanceled(write._cancellationToken), this, preferLocal: false);
    }
}
