using Obs.Scheduler.Framework;
using Obs.Scheduler.Queue;
using static Obs.Scheduler.Tests.TestObjects;

namespace Obs.Scheduler.Tests.Queue;

public sealed class SchedulingQueueTests
{
    private sealed class SetTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly SetTime _time = new();

    private SchedulingQueue NewQueue() => new(new SchedulingQueueOptions { TimeProvider = _time, FlushInterval = Timeout.InfiniteTimeSpan });

    private static async Task<QueuedPod> PopAsync(SchedulingQueue queue) =>
        (await queue.PopAsync().WaitAsync(TimeSpan.FromSeconds(5)))!;

    [Fact]
    public async Task HigherPriorityFirstThenOldest()
    {
        using var queue = NewQueue();
        queue.Add(PodInfo(Pod("old")));
        _time.Now += TimeSpan.FromSeconds(1);
        queue.Add(PodInfo(Pod("new")));
        queue.Add(PodInfo(Pod("urgent", spec: """{"priority": 1000}""")));
        queue.Add(PodInfo(Pod("old"))); // a newer version does not requeue it
        Assert.Equal("urgent", (await PopAsync(queue)).Pod.Name);
        Assert.Equal("old", (await PopAsync(queue)).Pod.Name);
        Assert.Equal("new", (await PopAsync(queue)).Pod.Name);
    }

    [Fact]
    public async Task AnUnschedulablePodIsRetriedWhenANodeAppears()
    {
        using var queue = NewQueue();
        queue.Add(PodInfo(Pod("p", "64")));
        var attempt = await PopAsync(queue);
        queue.AddUnschedulable(attempt);
        Assert.Equal(1, queue.UnschedulableCount);
        _time.Now += TimeSpan.FromMinutes(1);
        queue.Flush();
        Assert.Equal(0, queue.ActiveCount); // nothing changed: it waits

        queue.MoveAllToActiveOrBackoff(); // a node was added
        Assert.Equal(0, queue.UnschedulableCount);
        Assert.Equal(1, queue.ActiveCount);
        var retry = await PopAsync(queue);
        Assert.Equal(2, retry.Attempts);
    }

    [Fact]
    public async Task AChangeDuringTheAttemptSendsThePodToBackoffNotToUnschedulable()
    {
        using var queue = NewQueue();
        queue.Add(PodInfo(Pod("p")));
        var attempt = await PopAsync(queue);
        queue.MoveAllToActiveOrBackoff(); // a node arrived while the pod was being tried
        queue.AddUnschedulable(attempt);
        Assert.Equal(0, queue.UnschedulableCount);
        Assert.Equal(1, queue.BackoffCount);
        _time.Now += TimeSpan.FromSeconds(1);
        queue.Flush();
        Assert.Equal(1, queue.ActiveCount);
    }

    [Fact]
    public async Task BackoffDoublesPerAttemptUpToTheCap()
    {
        using var queue = NewQueue();
        queue.Add(PodInfo(Pod("p")));
        foreach (var seconds in new[] { 1, 2, 4, 8, 10, 10 })
        {
            var attempt = await PopAsync(queue);
            queue.AddBackoff(attempt);
            _time.Now += TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1);
            queue.Flush();
            Assert.Equal(0, queue.ActiveCount);
            _time.Now += TimeSpan.FromMilliseconds(1);
            queue.Flush();
            Assert.Equal(1, queue.ActiveCount);
        }
    }

    [Fact]
    public async Task UnschedulablePodsAreRetriedAfterFiveMinutesAnyway()
    {
        using var queue = NewQueue();
        queue.Add(PodInfo(Pod("p")));
        queue.AddUnschedulable(await PopAsync(queue));
        _time.Now += TimeSpan.FromMinutes(5);
        queue.Flush();
        Assert.Equal(1, queue.ActiveCount);
    }

    [Fact]
    public async Task DeletedPodsLeaveTheQueueEvenWhileBeingTried()
    {
        using var queue = NewQueue();
        queue.Add(PodInfo(Pod("a")));
        queue.Add(PodInfo(Pod("b")));
        queue.Delete("default/b");
        var attempt = await PopAsync(queue);
        Assert.Equal("a", attempt.Pod.Name);
        queue.Delete("default/a");
        queue.AddUnschedulable(attempt);
        Assert.False(queue.Contains("default/a"));
        Assert.Equal(0, queue.UnschedulableCount);
    }

    [Fact]
    public async Task PopWaitsForAPod()
    {
        using var queue = NewQueue();
        var pop = queue.PopAsync();
        await Task.Delay(50);
        Assert.False(pop.IsCompleted);
        queue.Add(PodInfo(Pod("p")));
        Assert.Equal("p", (await pop.WaitAsync(TimeSpan.FromSeconds(5)))!.Pod.Name);
    }
}
