using Obs.Client.Queues;
using Obs.Client.RateLimiting;
using Obs.Client.Tests.Fakes;

namespace Obs.Client.Tests.Queues;

public sealed class WorkQueueTests
{
    private readonly ManualTime _time = new();

    private WorkQueue<string> NewQueue() => new(WorkRateLimiters.Default<string>(_time), _time);

    [Fact]
    public async Task AddingSameItemAgainHasNoEffect()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        Assert.Equal(2, queue.Count);
        Assert.Equal("a", (await queue.GetAsync()).Item);
        Assert.Equal("b", (await queue.GetAsync()).Item);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ItemBeingProcessedIsNotHandedToASecondWorkerUntilDone()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var (first, _) = await queue.GetAsync();
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        var second = queue.GetAsync();
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        queue.Done(first);
        var (again, shuttingDown) = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("a", again);
        Assert.False(shuttingDown);
    }

    [Fact]
    public async Task DoneWithoutReAddDoesNotRequeue()
    {
        using var queue = NewQueue();
        queue.Add("a");
        var (item, _) = await queue.GetAsync();
        queue.Done(item);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task ItemsComeOutInTheOrderAdded()
    {
        using var queue = NewQueue();
        foreach (var item in new[] { "c", "a", "b" }) queue.Add(item);
        var order = new List<string>();
        for (var i = 0; i < 3; i++) order.Add((await queue.GetAsync()).Item);
        Assert.Equal(["c", "a", "b"], order);
    }

    [Fact]
    public void AddAfterWaitsForTheDelay()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task EarlierAddAfterForTheSameItemWinsAndTheLaterIsDropped()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);
        var (item, _) = await queue.GetAsync();
        queue.Done(item);
        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void DelayedItemsBecomeReadyInDueOrder()
    {
        using var queue = NewQueue();
        queue.AddAfter("late", TimeSpan.FromSeconds(3));
        queue.AddAfter("early", TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, queue.Count);
    }

    [Fact]
    public void ZeroDelayAddsAtOnce()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.Zero);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void AddRateLimitedBacksOffPerItemUntilForgotten()
    {
        using var queue = NewQueue();
        queue.AddRateLimited("a"); // 5 ms
        _time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.Equal(0, queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal(1, queue.NumRequeues("a"));

        using var other = NewQueue();
        other.AddRateLimited("b");
        other.AddRateLimited("b");
        other.AddRateLimited("b"); // third failure: 20 ms, but the 5 ms entry is earlier and wins
        Assert.Equal(3, other.NumRequeues("b"));
        other.Forget("b");
        Assert.Equal(0, other.NumRequeues("b"));
    }

    [Fact]
    public async Task ShutDownHandsOutWhatIsQueuedThenTellsWorkersToStop()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.ShutDown();
        queue.Add("b");
        Assert.Equal(("a", false), await queue.GetAsync());
        var (_, shuttingDown) = await queue.GetAsync();
        Assert.True(shuttingDown);
    }

    [Fact]
    public async Task ShutDownWakesWaitingWorkers()
    {
        using var queue = NewQueue();
        var waiting = queue.GetAsync();
        await Task.Delay(20);
        Assert.False(waiting.IsCompleted);
        queue.ShutDown();
        var (_, shuttingDown) = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(shuttingDown);
    }

    [Fact]
    public void ShutDownDropsDelayedItems()
    {
        using var queue = NewQueue();
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.ShutDown();
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task GetAsyncStopsWaitingWhenCancelled()
    {
        using var queue = NewQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = queue.GetAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public async Task ManyWorkersEachGetDistinctItems()
    {
        using var queue = new WorkQueue<int>(time: _time);
        for (var i = 0; i < 100; i++) queue.Add(i);
        var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (item, shuttingDown) = await queue.GetAsync();
                if (shuttingDown) return;
                seen.Add(item);
                queue.Done(item);
                if (seen.Count == 100) queue.ShutDown();
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 100), seen.Order());
    }
}
