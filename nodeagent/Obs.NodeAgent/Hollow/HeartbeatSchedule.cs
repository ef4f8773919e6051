namespace Obs.NodeAgent.Hollow;

/// <summary>
/// When each hollow node's next lease renewal and status report are due, in one priority queue:
/// a single loop serves every node, instead of a timer (or a thread) per node. Nodes start spread
/// evenly over one interval so that their renewals do not all land in the same second.
/// </summary>
internal sealed class HeartbeatSchedule
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(HollowNode Node, HeartbeatKind Kind), DateTimeOffset> _due = new();

    public int Count
    {
        get { lock (_lock) return _due.Count; }
    }

    /// <summary>Schedules every node's first beat of <paramref name="kind"/> within one <paramref name="interval"/> after <paramref name="start"/>, node i at i/N of it.</summary>
    public void Spread(IReadOnlyList<HollowNode> nodes, HeartbeatKind kind, DateTimeOffset start, TimeSpan interval)
    {
        lock (_lock)
        {
            for (var i = 0; i < nodes.Count; i++)
                _due.Enqueue((nodes[i], kind), start + interval * ((i + 1.0) / nodes.Count));
        }
    }

    public void Add(HollowNode node, HeartbeatKind kind, DateTimeOffset due)
    {
        lock (_lock) _due.Enqueue((node, kind), due);
    }

    /// <summary>The earliest due time, or null when nothing is scheduled.</summary>
    public DateTimeOffset? NextDue
    {
        get
        {
            lock (_lock) return _due.TryPeek(out _, out var due) ? due : null;
        }
    }

    /// <summary>Removes and returns every beat due at or before <paramref name="now"/>, earliest first.</summary>
    public List<(HollowNode Node, HeartbeatKind Kind)> TakeDue(DateTimeOffset now)
    {
        var taken = new List<(HollowNode, HeartbeatKind)>();
        lock (_lock)
        {
            while (_due.TryPeek(out var item, out var due) && due <= now)
            {
                _due.Dequeue();
                taken.Add(item);
            }
        }
        return taken;
    }
}
