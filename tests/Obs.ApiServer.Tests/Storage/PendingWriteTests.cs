using Obs.ApiServer.Storage;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>
/// A write's outcome reaches its caller when its batch releases it (<see cref="PendingWrite.Release"/>), and the caller's
/// code goes on right there; an outcome decided after the release reaches it at once.
/// </summary>
public sealed class PendingWriteTests
{
    private static PendingWrite Write(CancellationToken cancellationToken = default) => new(new ObjectKey("configmaps", "default", "a"), Stored("{}"), 0, cancellationToken);

    [Fact]
    public async Task AnOutcomeReachesItsCallerOnlyOnceReleased()
    {
        var write = Write();
        Assert.True(write.TryStart());
        write.Complete(new WriteResult(WriteStatus.Written, 7));
        Assert.False(write.Result.IsCompleted);
        Assert.Equal(new WriteResult(WriteStatus.Written, 7), write.Outcome);

        write.Release();
        Assert.True(write.Result.IsCompletedSuccessfully);
        Assert.Equal(new WriteResult(WriteStatus.Written, 7), await write.Result);
    }

    [Fact]
    public async Task AnOutcomeDecidedAfterTheReleaseReachesItsCallerAtOnce()
    {
        // An update whose compare-and-swap failed is looked into after its batch was released.
        var write = Write();
        Assert.True(write.TryStart());
        write.Release();
        Assert.False(write.Result.IsCompleted);

        write.Complete(WriteResult.Failed(WriteStatus.Conflict));
        Assert.True(write.Result.IsCompletedSuccessfully);
        Assert.Equal(WriteStatus.Conflict, (await write.Result).Status);
    }

    [Fact]
    public async Task TheCallerGoesOnInsideTheRelease()
    {
        // Not queued to the thread pool to go on later, on another thread: that would be a thread woken per write.
        var write = Write();
        Assert.True(write.TryStart());
        var releasing = 0;
        var caller = write.Result.ContinueWith(_ => Volatile.Read(ref releasing) == 1, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        write.Complete(new WriteResult(WriteStatus.Written, 1));
        Volatile.Write(ref releasing, 1);
        write.Release();
        Volatile.Write(ref releasing, 0);
        Assert.True(await caller);
    }

    [Fact]
    public async Task AFailureReachesItsCallerOnceReleasedAndTheFirstDecisionHolds()
    {
        var write = Write();
        Assert.True(write.TryStart());
        write.Fail(new InvalidOperationException("refused"));
        write.Complete(new WriteResult(WriteStatus.Written, 3));
        Assert.Null(write.Outcome);
        Assert.False(write.Result.IsCompleted);
        write.Release();
        Assert.True(write.Result.IsFaulted);
        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => write.Result)).Message);
    }

    [Fact]
    public async Task AWriteItsCallerGaveUpOnWhileQueuedIsCancelledAndNeverTaken()
    {
        using var giveUp = new CancellationTokenSource();
        var write = Write(giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write.Result);
        Assert.False(write.TryStart());
    }

    [Fact]
    public async Task AWriteTakenIntoABatchIsWrittenWhateverItsCallerDoes()
    {
        using var giveUp = new CancellationTokenSource();
        var write = Write(giveUp.Token);
        Assert.True(write.TryStart());
        await giveUp.CancelAsync();
        write.Complete(new WriteResult(WriteStatus.Written, 9));
        write.Release();
        Assert.Equal(9, (await write.Result).Revision);
    }
}
