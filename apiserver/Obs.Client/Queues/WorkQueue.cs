using Obs.Client.RateLimiting;

namespace Obs.Client.Queues;

/// <summary>
/// The controllers' work queue, with client-go's guarantees: an item queued twice is there once;
/// an item a worker holds is given to no other worker until <see cref="Done"/>, and if it was
/// added meanwhile it is queued again then. Items can wait (<see cref="AddAfter"/>) or back off
/// per item (<see cref="AddRateLimited"/>), timed by the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class WorkQueue<T> : IDisposable where T : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly Dictionary<T, DateTimeOffset> _waiting = [];
    private readonly PriorityQueue<T, DateTimeOffset> _waitingByTime = new();
    private readonly TimeProvider _time;
    private readonly IWorkRateLimiter<T> _rateLimiter;
    private readonly ITimer _timer;
    private TaskCompletionSource? _itemAdded;
    private bool _shuttingDown;

    public WorkQueue(IWorkRateLimiter<T>? rateLimiter = null, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _rateLimiter = rateLimiter ?? WorkRateLimiters.Default<T>(_time);
        _timer = _time.CreateTimer(_ => MoveDueItems(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items ready to be taken (not those waiting or being processed).</summary>
    public int Count
    {
        get { lock (_lock) return _queue.Count; }
    }

    public bool ShuttingDown
    {
        get { lock (_lock) return _shuttingDown; }
    }

    public void Add(T item)
    {
        lock (_lock) AddLocked(item);
    }

    /// <summary>Adds the item once <paramref name="delay"/> has passed; an earlier pending time for the same item wins.</summary>
    public void AddAfter(T item, TimeSpan delay)
    {
        lock (_lock)
        {
            if (_shuttingDown) return;
            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item);
                return;
            }
            var due = _time.GetUtcNow() + delay;
            if (_waiting.TryGetValue(item, out var pending) && pending <= due) return;
            _waiting[item] = due;
            _waitingByTime.Enqueue(item, due);
            ArmTimerLocked();
        }
    }

    /// <summary>Adds the item after the delay the rate limiter gives it (its backoff grows with each call until <see cref="Forget"/>).</summary>
    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    /// <summary>The item was handled: reset its backoff.</summary>
    public void Forget(T item) => _rateLimiter.Forget(item);

    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <summary>
    /// The next item, waiting for one; the caller must call <see cref="Done"/> with it. Once the
    /// queue is shut down and empty, returns <c>ShuttingDown = true</c>.
    /// </summary>
    public async Task<(T Item, bool ShuttingDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task added;
            lock (_lock)
            {
                if (_queue.TryDequeue(out var item))
                {
                    _processing.Add(item);
                    _dirty.Remove(item);
                    return (item, false);
                }
                if (_shuttingDown) return (default!, true);
                added = (_itemAdded ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
            await added.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The worker finished the item; if it was added while being processed, it is queued again now.</summary>
    public void Done(T item)
    {
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                SignalLocked();
            }
        }
    }

    /// <summary>Stops taking items: waiting workers get <c>ShuttingDown</c> once the queue is drained; delayed items are dropped.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            _shuttingDown = true;
            _waiting.Clear();
            _waitingByTime.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            SignalLocked();
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    private void AddLocked(T item)
    {
        if (_shuttingDown || !_dirty.Add(item)) return;
        if (_processing.Contains(item)) return;
        _queue.Enqueue(item);
        SignalLocked();
    }

    private void SignalLocked()
    {
        _itemAdded?.TrySetResult();
        _itemAdded = null;
    }

    private void MoveDueItems()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_waitingByTime.TryPeek(out var item, out var due) && due <= now)
            {
                _waitingByTime.Dequeue();
                // An item re-added with an earlier time leaves its older entry behind: skip those.
                if (!_waiting.TryGetValue(item, out var current) || current != due) continue;
                _waiting.Remove(item);
                AddLocked(item);
            }
            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        if (_shuttingDown) return;
        while (_waitingByTime.TryPeek(out var item, out var due))
        {
            if (_waiting.TryGetValue(item, out var current) && current == due)
            {
                var wait = due - _time.GetUtcNow();
                _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                return;
            }
            _waitingByTime.Dequeue();
        }
        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }
}
