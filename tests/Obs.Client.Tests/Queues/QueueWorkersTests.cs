using System.Collections.Concurrent;
using Obs.Client.Queues;
using Obs.Client.RateLimiting;

namespace Obs.Client.Tests.Queues;

public sealed class QueueWorkersTests
{
    private static WorkQueue<string> FastQueue() =>
        new(new ExponentialBackoffLimiter<string>(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(10)));

    [Fact]
    public async Task FailedSyncIsRetriedUntilItSucceedsThenForgotten()
    {
        using var queue = FastQueue();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var calls = 0;
        var succeeded = new TaskCompletionSource();
        queue.Add("a");
        var running = QueueWorkers.RunAsync(queue, 2, (key, _) =>
        {
            if (Interlocked.Increment(ref calls) < 3) throw new InvalidOperationException("not yet");
            succeeded.TrySetResult();
            return Task.CompletedTask;
        }, stop.Token);
        await succeeded.Task.WaitAsync(stop.Token);
        await Task.Delay(50);
        Assert.Equal(3, calls);
        Assert.Equal(0, queue.NumRequeues("a"));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task KeyThatKeepsFailingIsDroppedAfterMaxRetries()
    {
        using var queue = FastQueue();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var calls = 0;
        queue.Add("a");
        var running = QueueWorkers.RunAsync(queue, 1, (_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("always");
        }, stop.Token, maxRetries: 2);
        await TestClients.EventuallyAsync(() => Volatile.Read(ref calls) >= 3, "three tries");
        await Task.Delay(100);
        Assert.Equal(3, calls);
        Assert.Equal(0, queue.NumRequeues("a"));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OneKeyIsNeverSyncedByTwoWorkersAtOnce()
    {
        using var queue = FastQueue();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var inFlight = new ConcurrentDictionary<string, int>();
        var overlap = false;
        var syncs = 0;
        var running = QueueWorkers.RunAsync(queue, 4, async (key, _) =>
        {
            if (inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1) overlap = true;
            await Task.Delay(5);
            inFlight.AddOrUpdate(key, 0, (_, n) => n - 1);
            Interlocked.Increment(ref syncs);
        }, stop.Token);
        for (var i = 0; i < 200; i++)
        {
            queue.Add("k" + (i % 3));
            if (i % 10 == 0) await Task.Delay(2);
        }
        await TestClients.EventuallyAsync(() => queue.Count == 0 && inFlight.Values.All(n => n == 0), "the queue to drain");
        Assert.False(overlap);
        Assert.InRange(syncs, 3, 200);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
