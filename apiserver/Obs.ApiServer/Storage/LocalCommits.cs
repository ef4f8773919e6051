namespace Obs.ApiServer.Storage;

/// <summary>
/// The changes this apiserver has itself committed, handed to its change feed so that it need not read them back
/// from PostgreSQL: the writer already holds each one's JSON and, once the commit is acknowledged, its revision.
/// <para>
/// Only a shortcut for the next revisions: the feed takes from here a run that starts exactly at the revision after
/// its cache's and has no hole (<see cref="TakeFrom"/>). A revision this apiserver did not write (another apiserver's,
/// or one a failed write spent) is a hole, and the feed reads the log from there as it always does, with its gap
/// rules. So the cache still applies every revision once and in order, whoever wrote it; a change of ours is only
/// ever added after its transaction committed, so the feed never applies one that could still roll back.
/// </para>
/// <para>
/// It also knows which of this apiserver's writes are in flight (sent, their changes not handed over yet). Under load the
/// next batch has often committed by the time the feed has applied the last one, but is not handed over yet: a feed that
/// read the log then read the whole batch back, only for its changes to arrive here a moment later and be dropped. The feed
/// rather waits, briefly, for the writes in flight (<see cref="InFlightMark"/>, <see cref="HaveEnded"/>); it reads the log
/// when they have ended without the next revision, or when the wait is over.
/// </para>
/// </summary>
public sealed class LocalCommits(int capacity = 50_000)
{
    /// <summary>Above this many held, those the feed has passed are looked for and dropped.</summary>
    private const int PruneAbove = 1024;

    private readonly Lock _lock = new();
    private readonly Dictionary<long, Change> _changes = [];
    private readonly HashSet<long> _inFlight = [];
    private long _lastWrite;

    /// <summary>Changes held now (for tests and diagnostics).</summary>
    public int Count { get { lock (_lock) return _changes.Count; } }

    /// <summary>
    /// Records a committed change. Should no feed take them (a store used alone) they pile up to the capacity and are
    /// then all dropped: what the feed does not find here it reads from the log.
    /// </summary>
    public void Add(Change change)
    {
        lock (_lock)
        {
            if (_changes.Count >= capacity) _changes.Clear();
            _changes[change.Revision] = change;
        }
    }

    /// <summary>
    /// The changes held from <paramref name="next"/> on with no revision missing between them (empty when
    /// <paramref name="next"/> itself is not held), taken out. Those below <paramref name="next"/> (which the feed read
    /// from the log) are dropped once many are held.
    /// </summary>
    public List<Change> TakeFrom(long next)
    {
        lock (_lock)
        {
            var run = new List<Change>();
            while (_changes.Remove(next, out var change))
            {
                run.Add(change);
                next++;
            }
            if (_changes.Count > PruneAbove)
            {
                foreach (var revision in _changes.Keys.Where(r => r < next).ToList()) _changes.Remove(revision);
            }
            return run;
        }
    }

    /// <summary>A write of this apiserver is being sent: returns its ticket for <see cref="WriteEnded"/>.</summary>
    public long WriteStarted()
    {
        lock (_lock)
        {
            _inFlight.Add(++_lastWrite);
            return _lastWrite;
        }
    }

    /// <summary>The write has ended: its changes, if it committed any, have been added.</summary>
    public void WriteEnded(long ticket)
    {
        lock (_lock) _inFlight.Remove(ticket);
    }

    /// <summary>The newest write's ticket while any write is in flight, else null: see <see cref="HaveEnded"/>.</summary>
    public long? InFlightMark()
    {
        lock (_lock) return _inFlight.Count > 0 ? _lastWrite : null;
    }

    /// <summary>Whether every write that had started by <paramref name="mark"/> has ended.</summary>
    public bool HaveEnded(long mark)
    {
        lock (_lock)
        {
            foreach (var ticket in _inFlight)
            {
                if (ticket <= mark) return false;
            }
            return true;
        }
    }

    /// <summary>Whether a change above <paramref name="revision"/> is held.</summary>
    public bool HoldsAfter(long revision)
    {
        lock (_lock)
        {
            foreach (var held in _changes.Keys)
            {
                if (held > revision) return true;
            }
            return false;
        }
    }

    /// <summary>Whether the change at <paramref name="revision"/> is held.</summary>
    public bool Holds(long revision)
    {
        lock (_lock) return _changes.ContainsKey(revision);
    }
}
