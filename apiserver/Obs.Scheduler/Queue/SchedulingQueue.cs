using Obs.Scheduler.Framework;

namespace Obs.Scheduler.Queue;

/// <summary>
/// kube-scheduler's three-part queue. Active: pods to try now, highest priority first, then oldest.
/// Backoff: pods that failed, waiting 1 s, 2 s, 4 s … (capped) after each attempt. Unschedulable:
/// pods no node fit; they stay until the cluster changes (<see cref="MoveAllToActiveOrBackoff"/>:
/// a node added or updated, a pod deleted) or for at most <see cref="SchedulingQueueOptions.MaxUnschedulableDuration"/>.
/// A change that happens while a pod is being tried sends that pod to backoff rather than to
/// unschedulable, so the change is not missed.
/// </summary>
public sealed class SchedulingQueue : IDisposable
{
    private readonly Lock _lock = new();
    private readonly SchedulingQueueOptions _options;
    private readonly TimeProvider _time;
    private readonly PriorityQueue<QueuedPod, (int, DateTimeOffset, long)> _active = new();
    private readonly Dictionary<string, QueuedPod> _activeByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _backoff = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _unschedulable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, QueuedPod> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _deletedInFlight = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _cycle;
    private long _moveRequestCycle = -1;
    private bool _closed;

    public SchedulingQueue(SchedulingQueueOptions? options = null)
    {
        _options = options ?? new SchedulingQueueOptions();
        _time = _options.TimeProvider;
        _timer = _time.CreateTimer(_ => Flush(), null, _options.FlushInterval, _options.FlushInterval);
    }

    public int ActiveCount
    {
        get { lock (_lock) return _activeByKey.Count; }
    }

    public int BackoffCount
    {
        get { lock (_lock) return _backoff.Count; }
    }

    public int UnschedulableCount
    {
        get { lock (_lock) return _unschedulable.Count; }
    }

    /// <summary>Whether the pod is anywhere in the queue or being tried.</summary>
    public bool Contains(string key)
    {
        lock (_lock) return _activeByKey.ContainsKey(key) || _backoff.ContainsKey(key) || _unschedulable.ContainsKey(key) || _inFlight.ContainsKey(key);
    }

    /// <summary>A new pending pod, or a newer version of one already queued.</summary>
    public void Add(PodInfo pod)
    {
        lock (_lock)
        {
            if (_inFlight.TryGetValue(pod.Key, out var flying))
            {
                flying.Pod = pod;
                return;
            }
            if (_activeByKey.TryGetValue(pod.Key, out var active))
            {
                active.Pod = pod;
                return;
            }
            if (_backoff.TryGetValue(pod.Key, out var waiting))
            {
                waiting.Pod = pod;
                return;
            }
            if (_unschedulable.Remove(pod.Key, out var stuck))
            {
                // Its spec or labels changed: it may fit now.
                stuck.Pod = pod;
                MoveLocked(stuck);
                return;
            }
            PushActiveLocked(new QueuedPod(pod, _time.GetUtcNow()));
        }
    }

    /// <summary>Replaces the queued version without moving it (for changes that cannot make it fit, such as its status).</summary>
    public void Refresh(PodInfo pod)
    {
        lock (_lock)
        {
            if (_inFlight.TryGetValue(pod.Key, out var q) || _activeByKey.TryGetValue(pod.Key, out q)
                || _backoff.TryGetValue(pod.Key, out q) || _unschedulable.TryGetValue(pod.Key, out q))
                q.Pod = pod;
        }
    }

    public void Delete(string key)
    {
        lock (_lock)
        {
            _activeByKey.Remove(key);
            _backoff.Remove(key);
            _unschedulable.Remove(key);
            if (_inFlight.ContainsKey(key)) _deletedInFlight.Add(key);
        }
    }

    /// <summary>The next pod to schedule, waiting for one. Null once the queue is closed.</summary>
    public async Task<QueuedPod?> PopAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_closed) return null;
                while (_active.TryDequeue(out var next, out _))
                {
                    // Entries left behind by Delete or a move are skipped here.
                    if (!_activeByKey.TryGetValue(next.Key, out var current) || !ReferenceEquals(current, next)) continue;
                    _activeByKey.Remove(next.Key);
                    next.Attempts++;
                    next.Cycle = ++_cycle;
                    _inFlight[next.Key] = next;
                    return next;
                }
                if (_added.Task.IsCompleted) _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _added.Task;
            }
            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>The pod was placed (or dropped): it leaves the queue.</summary>
    public void Done(string key)
    {
        lock (_lock)
        {
            _inFlight.Remove(key);
            _deletedInFlight.Remove(key);
        }
    }

    /// <summary>No node fits the pod: it waits for a cluster change (or backs off if one came while it was tried).</summary>
    public void AddUnschedulable(QueuedPod pod)
    {
        lock (_lock)
        {
            if (!FinishFlightLocked(pod)) return;
            var now = _time.GetUtcNow();
            pod.BackoffUntil = now + BackoffFor(pod.Attempts);
            if (_moveRequestCycle >= pod.Cycle)
            {
                _backoff[pod.Key] = pod;
                return;
            }
            pod.UnschedulableSince = now;
            _unschedulable[pod.Key] = pod;
        }
    }

    /// <summary>The attempt failed for another reason (an API error): retry after the backoff.</summary>
    public void AddBackoff(QueuedPod pod)
    {
        lock (_lock)
        {
            if (!FinishFlightLocked(pod)) return;
            pod.BackoffUntil = _time.GetUtcNow() + BackoffFor(pod.Attempts);
            _backoff[pod.Key] = pod;
        }
    }

    /// <summary>The cluster changed in a way that may let waiting pods fit: retry every unschedulable pod.</summary>
    public void MoveAllToActiveOrBackoff()
    {
        lock (_lock)
        {
            foreach (var pod in _unschedulable.Values) MoveLocked(pod);
            _unschedulable.Clear();
            _moveRequestCycle = _cycle;
        }
    }

    /// <summary>Moves pods whose backoff ended to active, and pods unschedulable for too long to retry. Runs on a timer.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            List<QueuedPod>? due = null;
            foreach (var pod in _backoff.Values)
                if (pod.BackoffUntil <= now) (due ??= []).Add(pod);
            foreach (var pod in due ?? [])
            {
                _backoff.Remove(pod.Key);
                PushActiveLocked(pod);
            }
            due = null;
            foreach (var pod in _unschedulable.Values)
                if (now - pod.UnschedulableSince >= _options.MaxUnschedulableDuration) (due ??= []).Add(pod);
            foreach (var pod in due ?? [])
            {
                _unschedulable.Remove(pod.Key);
                MoveLocked(pod);
            }
        }
    }

    public void Close()
    {
        lock (_lock)
        {
            _closed = true;
            _added.TrySetResult();
        }
    }

    public void Dispose()
    {
        Close();
        _timer.Dispose();
    }

    private TimeSpan BackoffFor(int attempts)
    {
        var backoff = _options.InitialBackoff;
        for (var i = 1; i < attempts && backoff < _options.MaxBackoff; i++) backoff *= 2;
        return backoff < _options.MaxBackoff ? backoff : _options.MaxBackoff;
    }

    private bool FinishFlightLocked(QueuedPod pod)
    {
        _inFlight.Remove(pod.Key);
        return !_deletedInFlight.Remove(pod.Key) && !_closed;
    }

    private void MoveLocked(QueuedPod pod)
    {
        if (pod.BackoffUntil > _time.GetUtcNow()) _backoff[pod.Key] = pod;
        else PushActiveLocked(pod);
    }

    private void PushActiveLocked(QueuedPod pod)
    {
        _activeByKey[pod.Key] = pod;
        _active.Enqueue(pod, (-pod.Pod.Priority, pod.Added, _sequence++));
        _added.TrySetResult();
    }
}
