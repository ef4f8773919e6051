using Obs.ApiServer.Cache;

namespace Obs.ApiServer.Http;

/// <summary>
/// When a watch that takes bookmarks is owed one for progress: the cache has moved past the last
/// revision its client was told (by an event or a bookmark) with nothing for this watch, as other
/// resources change. Kubernetes lets a server send bookmarks when it likes; Obs sends one then, at
/// most every <see cref="MinInterval"/>, so a client whose watch is quiet (a node agent's Services
/// while pods are made) knows its copy is current up to a revision it can compare with an
/// object's, without asking the server: every change has one global revision. With many watches
/// open the interval grows (<see cref="IntervalFor"/>), so the bookmarks of the whole apiserver stay
/// within <see cref="BookmarksPerSecond"/> however many agents watch it while the cluster writes.
/// </summary>
internal sealed class WatchProgress(bool enabled, long told, DateTimeOffset now)
{
    /// <summary>Bounds bookmarks to 20 a second a watch while the cluster writes, and how long a client waits for one.</summary>
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The progress bookmarks all watches together may be sent in a second: 100 watches get one every
    /// 50 ms each, 1,000 watches one every 500 ms each. Past 2,000 a node agent's
    /// service links (which wait up to a second for their informer) fall back to a LIST.
    /// </summary>
    public const int BookmarksPerSecond = 2_000;

    /// <summary>How long a watch waits between progress bookmarks while <paramref name="watches"/> are open.</summary>
    public static TimeSpan IntervalFor(int watches) =>
        TimeSpan.FromTicks(Math.Max(MinInterval.Ticks, TimeSpan.TicksPerSecond * (long)watches / BookmarksPerSecond));

    private long _told = told;
    private DateTimeOffset _lastSent = now - MinInterval;

    /// <summary>The client has been sent an event at <paramref name="revision"/>.</summary>
    public void Told(long revision)
    {
        if (revision > _told) _told = revision;
    }

    /// <summary>A bookmark at <paramref name="revision"/> went out at <paramref name="at"/>.</summary>
    public void Sent(long revision, DateTimeOffset at)
    {
        Told(revision);
        _lastSent = at;
    }

    /// <summary>
    /// True once the cache has passed what the client was told and the last bookmark is
    /// <see cref="IntervalFor"/> the open watches old, with no event for the watch readable by then; false as soon
    /// as one is (the caller writes it), or when <paramref name="cancellationToken"/> ends the wait first.
    /// </summary>
    public async Task<bool> DueAsync(Task<bool> readable, WatchCache cache, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!enabled) return false;
        var advanced = cache.WaitForRevisionAsync(_told + 1, cancellationToken);
        if (await Task.WhenAny(readable, advanced) != advanced || !advanced.IsCompletedSuccessfully) return false;
        var wait = _lastSent + IntervalFor(cache.WatcherCount) - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            var delay = Task.Delay(wait, time, cancellationToken);
            if (await Task.WhenAny(readable, delay) == readable || !delay.IsCompletedSuccessfully) return false;
        }
        return !readable.IsCompleted;
    }
}
