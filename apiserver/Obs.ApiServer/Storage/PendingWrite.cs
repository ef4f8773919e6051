using System.Diagnostics;

namespace Obs.ApiServer.Storage;

/// <summary>
/// One write waiting for its batch (<see cref="WriteBatcher"/>). Its caller may give up while it is
/// queued; once its batch has taken it, it is written whatever the caller does, as a statement already
/// sent would be.
/// </summary>
public sealed class PendingWrite
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Abandoned = 2;

    private readonly TaskCompletionSource<WriteResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private readonly CancellationToken _cancellationToken;
    private int _state;

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

    public Task<WriteResult> Result => _result.Task;

    /// <summary>Takes the write into a batch; false when its caller gave up while it was queued.</summary>
    public bool TryStart() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Puts a taken write back in the queue's state, to go in a later batch (unless its caller gave up meanwhile).</summary>
    public void Requeue()
    {
        Volatile.Write(ref _state, Queued);
        if (_cancellationToken.IsCancellationRequested) Abandon();
    }

    public void Complete(WriteResult result)
    {
        _registration.Dispose();
        _result.TrySetResult(result);
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        _result.TrySetException(exception);
    }

    private void Abandon()
    {
        if (Interlocked.CompareExchange(ref _state, Abandoned, Queued) == Queued) _result.TrySetCanceled(_cancellationToken);
    }
}
