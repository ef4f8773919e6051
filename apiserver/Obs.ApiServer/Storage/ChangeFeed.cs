using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Obs.ApiServer.Cache;
using Obs.ApiServer.Metrics;

namespace Obs.ApiServer.Storage;

/// <summary>
/// The one change-feed reader of this apiserver process: loads the watch cache from a snapshot,
/// then applies the change log in revision order. NOTIFY only wakes it; it always reads by revision,
/// so several apiservers on one database miss nothing.
/// <para>
/// Revisions are taken before commit, so revision N+1 can become visible before N. The reader
/// never passes a missing revision while the transaction that may hold it can still commit:
/// when it sees a gap it notes this database's transactions in flight (<see cref="InFlightWriters"/>),
/// waits until they have all ended, and only then treats a revision still missing as one that was
/// never written (a failed write). A slow writer of ours is waited for: passing its revision would
/// lose its change for every watch and every LIST served from the cache. Only a gap still open after
/// <see cref="ApiServerOptions.ChangeFeedGiveUp"/> with a writer of the set still running (which no
/// single-statement write should reach) is passed, and said in the log; should such a revision be
/// committed after all, it reaches the cache late (<see cref="PassedRevisions"/>).
/// </para>
/// <para>
/// This apiserver's own committed writes are taken from <see cref="LocalCommits"/> rather than read back, but only as a
/// run that starts at the revision right after the cache's: any other revision is read from the log, so the order and
/// the gap rules above hold whoever wrote what. When the next revision is not there but a write of ours is in flight, the
/// feed first waits (at most <see cref="ApiServerOptions.ChangeFeedLocalWait"/>, once per position) for the writes in
/// flight then to end, as the next revision is most likely theirs: reading the log at once read our next batch back
/// whenever it had committed but was not handed over yet. That wait only delays a read of the log, never replaces one.
/// </para>
/// </summary>
public sealed partial class ChangeFeed(NpgsqlDataSource dataSource, ChangeLog log, ObjectStore store, WatchCache cache, ApiMetrics metrics, ChangeNotifier notifier, LocalCommits commits, TimeProvider time, ApiServerOptions options, ILogger<ChangeFeed> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan GapNoteAfter = TimeSpan.FromMilliseconds(50);
    private readonly PassedRevisions _passed = new(recheckEvery: TimeSpan.FromSeconds(5), keepFor: TimeSpan.FromMinutes(30));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.IO.IOException)
            {
                LogFeedError(logger, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(500), stoppingToken);
            }
        }
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
        // NOTIFYs from other apiservers arrive on a connection of their own, so that waiting for
        // them never delays a read the local wake-up asks for.
        await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
        listener.Notification += (_, e) => notifier.Notified(e.Payload);
        await using (var listen = new NpgsqlCommand("listen obs_changes", listener)) await listen.ExecuteNonQueryAsync(stoppingToken);
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var listenLoop = ListenAsync(listener, listening.Token);
        try
        {
            await FollowAsync(connection, listenLoop, stoppingToken);
        }
        finally
        {
            await listening.CancelAsync();
            try { await listenLoop; } catch (OperationCanceledException) { } catch (NpgsqlException) { }
        }
    }

    private async Task ListenAsync(NpgsqlConnection listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested) await listener.WaitAsync(cancellationToken);
    }

    private async Task FollowAsync(NpgsqlConnection connection, Task listenLoop, CancellationToken stoppingToken)
    {

        if (!cache.IsReady) await LoadAsync(connection, stoppingToken);

        InFlightWriters? gap = null;
        var gapSeen = 0L;
        var gapSince = 0L;
        // The position at which the feed last waited for writes of ours in flight: once per position, so that writes
        // that keep coming never hold back another apiserver's revision for more than one wait.
        var waitedAt = -1L;
        // Whether the last step applied changes of ours: see below.
        var tookLocal = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            // A dead listener connection means missed wake-ups: start over on fresh connections.
            if (listenLoop.IsCompleted) await listenLoop;
            await RepairLateAsync(connection, stoppingToken);
            var revision = cache.Revision;
            // The next revisions, when this apiserver wrote them: committed, and already in hand.
            if (commits.TakeFrom(revision + 1) is { Count: > 0 } local)
            {
                cache.Apply(local, local[^1].Revision);
                if (local[^1].WrittenAt is { } committed) metrics.FeedLag((time.GetUtcNow() - committed).TotalSeconds);
                (gap, gapSeen, tookLocal) = (null, 0, true);
                continue;
            }
            // Having taken changes of ours, the feed reads the log only if something may be there that no write of ours
            // handed over: another apiserver's NOTIFY (or a write of ours that failed) asked for it, or a change of ours
            // is held beyond a revision that is missing. Otherwise the read finds nothing: every write woke the feed
            // once to take its changes and once more to read the log for nothing.
            if (tookLocal && gapSeen == 0 && !notifier.ReadAsked && !commits.HoldsAfter(revision))
            {
                tookLocal = false;
                await notifier.WaitAsync(IdlePoll, stoppingToken);
                continue;
            }
            tookLocal = false;
            if (gapSeen == 0 && waitedAt != revision && commits.InFlightMark() is { } mark)
            {
                waitedAt = revision;
                await WaitForLocalWritesAsync(mark, revision + 1, stoppingToken);
                continue;
            }
            // While a gap is open only its first row matters: is the missing revision there yet?
            notifier.ReadingLog();
            var rows = await log.ReadAfterAsync(connection, revision, gapSeen == 0 ? BatchSize : 1, stoppingToken);
            metrics.FeedLogRead(rows.Count == 0 ? "empty" : rows[0].Revision == revision + 1 ? "changes" : "gap");
            var contiguous = new List<Change>();
            var expected = revision + 1;
            foreach (var row in rows)
            {
                if (row.Revision != expected) break;
                contiguous.Add(row);
                expected++;
            }
            if (contiguous.Count > 0)
            {
                cache.Apply(contiguous, contiguous[^1].Revision);
                if (contiguous[^1].WrittenAt is { } written) metrics.FeedLag((time.GetUtcNow() - written).TotalSeconds);
                (gap, gapSeen) = (null, 0);
                continue;
            }
            if (rows.Count == 0)
            {
                (gap, gapSeen, waitedAt) = (null, 0, -1);
                await notifier.WaitAsync(IdlePoll, stoppingToken);
                continue;
            }

            // rows[0] is beyond a missing revision. Most such gaps close within milliseconds, as the writer
            // commits; one that stays open has its possible writers noted (the set may be taken at any time
            // after the gap was seen: a writer that ended before has its row visible on the next read).
            if (gap is null && (gapSeen == 0 || Stopwatch.GetElapsedTime(gapSeen) < GapNoteAfter))
            {
                if (gapSeen == 0) gapSeen = Stopwatch.GetTimestamp();
                await notifier.WaitAsync(TimeSpan.FromMilliseconds(1), stoppingToken);
                continue;
            }
            if (gap is null)
            {
                gap = await InFlightWriters.ReadAsync(connection, stoppingToken);
                gapSince = Stopwatch.GetTimestamp();
                await notifier.WaitAsync(TimeSpan.FromMilliseconds(1), stoppingToken);
                continue;
            }
            var waited = Stopwatch.GetElapsedTime(gapSince);
            var ended = await gap.EndedAsync(connection, waited, stoppingToken);
            var gaveUp = !ended && waited > options.ChangeFeedGiveUp;
            if (!ended && !gaveUp)
            {
                await notifier.WaitAsync(TimeSpan.FromMilliseconds(1), stoppingToken);
                continue;
            }
            // Every transaction that could hold the missing revisions has ended: read again, and
            // what is still missing below the first row seen was never written.
            var again = await log.ReadAfterAsync(connection, revision, BatchSize, stoppingToken);
            if (again.Count > 0 && again[0].Revision > revision + 1 && await store.CompactedRevisionAsync(stoppingToken) > revision)
            {
                // Not a failed write: another apiserver compacted the log past this feed's position (it
                // fell that far behind), so what changed in between can only be read from the objects.
                LogCompactedPast(logger, revision);
                await LoadAsync(connection, stoppingToken);
            }
            else if (again.Count > 0 && again[0].Revision > revision + 1)
            {
                metrics.RevisionsSkipped(again[0].Revision - revision - 1);
                if (gaveUp)
                {
                    LogGaveUp(logger, revision + 1, again[0].Revision - 1, options.ChangeFeedGiveUp.TotalSeconds);
                    _passed.Add(revision + 1, again[0].Revision - 1, time.GetUtcNow());
                }
                cache.Apply([], again[0].Revision - 1);
            }
            (gap, gapSeen) = (null, 0);
        }
    }

    /// <summary>
    /// Waits until the writes of ours that had started by <paramref name="mark"/> have ended, or <paramref name="next"/> is
    /// handed over, or <see cref="ApiServerOptions.ChangeFeedLocalWait"/> has passed. Each write wakes the feed as it ends.
    /// </summary>
    private async Task WaitForLocalWritesAsync(long mark, long next, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!commits.HaveEnded(mark) && !commits.Holds(next))
        {
            var left = options.ChangeFeedLocalWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) return;
            await notifier.WaitAsync(left, stoppingToken);
        }
    }

    /// <summary>
    /// Looks again at revisions passed over while their writer still ran: one that has arrived since
    /// sets its key in the cache to the key's latest change up to the cache's revision (the late change
    /// itself, or a later one the feed has already applied, or its deletion), with an event.
    /// </summary>
    private async Task RepairLateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (from, to) in _passed.Due(time.GetUtcNow()))
        {
            foreach (var late in await log.ReadRangeAsync(connection, from, to, cancellationToken))
            {
                _passed.Found(late.Revision);
                var latest = await log.ReadLatestAsync(connection, late.Key, cache.Revision, cancellationToken);
                var repaired = latest is not null && cache.Repair(latest);
                LogLateRevision(logger, late.Revision, late.Key.Resource, late.Key.Namespace, late.Key.Name, repaired);
            }
        }
    }

    /// <summary>Sets the cache to a snapshot (at start-up, and again should the log be compacted past the feed).</summary>
    private async Task LoadAsync(NpgsqlConnection connection, CancellationToken stoppingToken)
    {
        var (objects, head, snapshot, writers) = await log.ReadSnapshotAsync(CachedObject.FromStored, stoppingToken);
        var missed = await log.ReadMissedAsync(connection, head, snapshot, writers, stoppingToken);
        cache.Load(objects, head, missed);
        cache.MarkReady();
        LogLoaded(logger, objects.Count, head, missed.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "change feed: the change log was compacted past revision {Revision} before this feed read it; reloading the cache from the objects (open watches are closed and re-list)")]
    private static partial void LogCompactedPast(ILogger logger, long revision);

    [LoggerMessage(Level = LogLevel.Error, Message = "change feed: revisions {From}..{To} were still missing after {Seconds} s with a writer of this database still running; passed over (their changes will not reach watches until a re-list)")]
    private static partial void LogGaveUp(ILogger logger, long from, long to, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "change feed: revision {Revision} ({Resource} {Namespace}/{Name}) arrived after it was passed over; cache repaired: {Repaired}")]
    private static partial void LogLateRevision(ILogger logger, long revision, string resource, string @namespace, string name, bool repaired);

    [LoggerMessage(Level = LogLevel.Warning, Message = "change feed: {Error}; reconnecting")]
    private static partial void LogFeedError(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "watch cache loaded: {Count} objects at revision {Revision} ({Missed} in-flight changes caught up)")]
    private static partial void LogLoaded(ILogger logger, int count, long revision, int missed);
}
