using Obs.ApiServer.Storage;
using static Obs.ApiServer.Tests.Storage.StoredText;

namespace Obs.ApiServer.Tests.Storage;

/// <summary>
/// When a written batch's callers go on (<see cref="WriteBatcher"/>): after the next batch has been sent, and each
/// of them whatever it then writes itself; a repeat of a key sent to a later batch is answered there.
/// </summary>
public sealed class WriteBatcherReleaseTests
{
    // A bound for the test only, against a hang: nothing here is timed.
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    private static ObjectKey Key(string name) => new("configmaps", "default", name);

    [Fact]
    public async Task TheNextBatchIsSentBeforeTheWrittenBatchsCallersGoOn()
    {
        var firstBatchHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstBatchSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchesSent = 0;
        var batcher = new WriteBatcher(async batch =>
        {
            if (Interlocked.Increment(ref batchesSent) == 1)
            {
                firstBatchSeen.SetResult();
                await firstBatchHeld.Task;
            }
            foreach (var pending in batch) pending.Complete(new WriteResult(WriteStatus.Written, 1));
        }, _ => null, maxInFlight: 1, maxBatch: 256);

        var batchesSentWhenTheFirstCallerWentOn = -1;
        var first = FirstCallerAsync();
        await firstBatchSeen.Task.WaitAsync(Hang);
        // Queued while the first batch is in flight: the next batch.
        var second = batcher.WriteAsync(Key("b"), Stored("{}"), 0, CancellationToken.None);
        firstBatchHeld.SetResult();
        await Task.WhenAll(first, second).WaitAsync(Hang);

        Assert.Equal(2, batchesSentWhenTheFirstCallerWentOn);

        async Task FirstCallerAsync()
        {
            await batcher.WriteAsync(Key("a"), Stored("{}"), 0, CancellationToken.None);
            batchesSentWhenTheFirstCallerWentOn = Volatile.Read(ref batchesSent);
        }
    }

    [Fact]
    public async Task CallersThatWriteAgainWhenTheyGoOnHaveEveryWriteDone()
    {
        var written = 0;
        var batcher = new WriteBatcher(batch =>
        {
            foreach (var pending in batch) pending.Complete(new WriteResult(WriteStatus.Written, Interlocked.Increment(ref written)));
            return Task.CompletedTask;
        }, _ => null, maxInFlight: 1, maxBatch: 256);

        // Each caller's next write is queued from its continuation, on the thread releasing its last one.
        var callers = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < 50; i++) Assert.Equal(WriteStatus.Written, (await batcher.WriteAsync(Key($"c{c}-{i}"), Stored("{}"), 0, CancellationToken.None)).Status);
        })).ToList();

        await Task.WhenAll(callers).WaitAsync(Hang);
        Assert.Equal(400, written);
    }

    [Fact]
    public async Task ARepeatOfAKeySentToALaterBatchIsAnsweredThere()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blockerSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new List<List<string>>();
        var batcher = new WriteBatcher(async batch =>
        {
            lock (batches) batches.Add([.. batch.Select(p => p.Key.Name)]);
            blockerSeen.TrySetResult();
            await held.Task;
            foreach (var pending in batch) pending.Complete(new WriteResult(WriteStatus.Written, pending.ExpectedRevision));
        }, _ => null, maxInFlight: 1, maxBatch: 256);

        // The first write holds the writer, so that the two writes of "twin" queue behind it and are taken together.
        var blocker = batcher.WriteAsync(Key("blocker"), Stored("{}"), 0, CancellationToken.None);
        await blockerSeen.Task.WaitAsync(Hang);
        var one = batcher.WriteAsync(Key("twin"), Stored("{}"), 1, CancellationToken.None);
        var two = batcher.WriteAsync(Key("twin"), Stored("{}"), 2, CancellationToken.None);
        held.SetResult();

        Assert.Equal(1, (await one.WaitAsync(Hang)).Revision);
        Assert.Equal(2, (await two.WaitAsync(Hang)).Revision);
        await blocker.WaitAsync(Hang);
        lock (batches) Assert.Equal([["blocker"], ["twin"], ["twin"]], batches);
    }
}
