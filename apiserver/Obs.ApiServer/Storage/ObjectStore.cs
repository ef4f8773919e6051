using Npgsql;
using NpgsqlTypes;
using Obs.ApiServer.Metrics;
using System.Diagnostics;

namespace Obs.ApiServer.Storage;

/// <summary>
/// The objects in PostgreSQL. Every write is one round trip and a compare-and-swap (creates and grouped updates in batches, see
/// <see cref="WriteBatcher"/>): it takes the
/// next global revision only when it will succeed, so the revision sequence has gaps only when
/// a transaction fails mid-way. Each batch first takes a transaction id, so that a transaction
/// holding a revision is always visible as in flight to the change feed (see <see cref="ChangeFeed"/>).
/// </summary>
public sealed class ObjectStore : IAsyncDisposable
{
    /// <summary>
    /// Batches written at once: one, so that the next fills while it commits. Measured with the quick create
    /// benchmark under load: PostgreSQL CPU per create 0.51-0.80 ms with one, 0.69-1.00 ms with two, 1.20 ms with four.
    /// </summary>
    private const int CreateBatchesInFlight = 1;
    private const int CreateBatchSize = 256;

    /// <summary>Grouped updates (bindings) go as creates do: one batch written while the next fills.</summary>
    private const int UpdateBatchesInFlight = 1;
    private const int UpdateBatchSize = 256;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ApiMetrics? _metrics;
    private readonly ChangeNotifier? _notifier;
    private readonly LocalCommits? _commits;
    private readonly CommittedRevisionReader _committed;
    private readonly WriteBatcher _creates;
    private readonly WriteBatcher _updates;

    /// <param name="commits">Where committed writes go for this process's change feed, which then need not read them back.</param>
    public ObjectStore(NpgsqlDataSource dataSource, ApiMetrics? metrics = null, ChangeNotifier? notifier = null, LocalCommits? commits = null)
    {
        _dataSource = dataSource;
        _metrics = metrics;
        _notifier = notifier;
        _commits = commits;
        _committed = new CommittedRevisionReader(dataSource);
        // A second create of a key in a batch finds the key there (written by the first, or already before).
        _creates = new WriteBatcher(batch => WriteEachAloneIfRefusedAsync(batch, WriteCreatesOnceAsync),
            _ => WriteResult.Failed(WriteStatus.AlreadyExists), CreateBatchesInFlight, CreateBatchSize);
        // A second update of a key in a batch expects a revision the first replaced, should the first have written.
        _updates = new WriteBatcher(batch => WriteEachAloneIfRefusedAsync(batch, WriteUpdatesOnceAsync),
            first => first.Status == WriteStatus.Written ? WriteResult.Failed(WriteStatus.Conflict) : null, UpdateBatchesInFlight, UpdateBatchSize);
    }

    private const string TakeXid = "select pg_current_xact_id()";

    // Concurrent creates of one key (in two batches, or from two apiservers) queue on these locks, so the loser sees
    // the row and takes no revision. Taken in the order given (sorted), so that two batches never wait on each other
    // in a cycle; after the transaction id, which the batch takes in its first statement.
    private const string LockKeysSql = "select count(pg_advisory_xact_lock(h)) from unnest($1::bigint[]) h";

    // Every create of a batch, in one statement: a key already present takes no revision and writes nothing, and the
    // statement goes on with the others (those it returns were written). The keys are distinct (WriteBatcher).
    // ON CONFLICT is the backstop for a row inserted by a writer that took no lock: that row's create is AlreadyExists
    // (having spent a revision) rather than failing its neighbours. The presence check is a scalar subquery, which
    // PostgreSQL runs row by row through the key's index. Written as NOT EXISTS (which the planner may turn into an
    // anti-join over the whole table), creates slowed as the table grew: 661 -> 455/s over 20,000 pods, PostgreSQL
    // 1.49 ms CPU per create, against 1,170 -> 1,610/s and 0.34 ms this way.
    private const string CreateSql = """
        with input as (
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as t(resource, namespace, name, data, i)),
        ins as (
            insert into obs_objects (resource, namespace, name, rv, data)
            select i.resource, i.namespace, i.name, nextval('obs_revision'), i.data from input i
            where (select 1 from obs_objects o where o.resource = i.resource and o.namespace = i.namespace and o.name = i.name) is null
            order by i.i
            on conflict do nothing
            returning resource, namespace, name, rv, data)
        insert into obs_changes (rv, resource, namespace, name, type, data)
        select rv, resource, namespace, name, 0, data from ins
        returning resource, namespace, name, rv
        """;

    private const string UpdateSql = """
        with upd as (
            update obs_objects set rv = nextval('obs_revision'), data = $4
            where resource = $1 and namespace = $2 and name = $3 and rv = $5
            returning rv)
        insert into obs_changes (rv, resource, namespace, name, type, data)
        select rv, $1, $2, $3, 1, $4 from upd
        returning rv
        """;

    // Every update of a batch, in one statement: each row whose revision is still the expected one takes the next revision
    // (those it returns were written). The keys are distinct (WriteBatcher), and locked beforehand in sorted order, so that
    // two batches never wait on each other's rows in a cycle.
    private const string UpdateManySql = """
        with input as (
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[]) as t(resource, namespace, name, data, expected)),
        upd as (
            update obs_objects o set rv = nextval('obs_revision'), data = i.data
            from input i
            where o.resource = i.resource and o.namespace = i.namespace and o.name = i.name and o.rv = i.expected
            returning o.resource, o.namespace, o.name, o.rv, o.data)
        insert into obs_changes (rv, resource, namespace, name, type, data)
        select rv, resource, namespace, name, 1, data from upd
        returning resource, namespace, name, rv
        """;

    private const string DeleteSql = """
        with del as (
            delete from obs_objects
            where resource = $1 and namespace = $2 and name = $3 and rv = $5
            returning 1)
        insert into obs_changes (rv, resource, namespace, name, type, data)
        select nextval('obs_revision'), $1, $2, $3, 2, $4 from del
        returning rv
        """;

    private const string GetSql = "select rv, data from obs_objects where resource = $1 and namespace = $2 and name = $3";

    private const string CurrentRevisionSql = "select case when is_called then last_value else 0 end from obs_revision";

    /// <summary>The newest committed change (or the compaction mark when the log is empty): <see cref="CommittedRevisionAsync"/>.</summary>
    internal const string CommittedRevisionSql = "select greatest(coalesce((select max(rv) from obs_changes), 0), (select compacted_rv from obs_compaction))";

    private const string CompactSql = """
        with c as (
            update obs_compaction set compacted_rv = $1 where compacted_rv < $1 returning compacted_rv)
        delete from obs_changes where rv <= (select compacted_rv from c)
        """;

    private const string CompactedRevisionSql = "select compacted_rv from obs_compaction";

    /// <summary>Creates the object unless its key exists; concurrent creates share a transaction (<see cref="CreateBatcher"/>).</summary>
    public Task<WriteResult> CreateAsync(ObjectKey key, StoredJson json, CancellationToken cancellationToken = default) =>
        _creates.WriteAsync(key, json, 0, cancellationToken);

    public Task<WriteResult> UpdateAsync(ObjectKey key, long expectedRevision, StoredJson json, CancellationToken cancellationToken = default) =>
        CompareAndSwapAsync("update", ChangeType.Modified, UpdateSql, key, expectedRevision, json, cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/>, group-committed with the other grouped updates that come meanwhile (<see cref="WriteBatcher"/>):
    /// for writes that come many at once, as bindings do. Each is still its own compare-and-swap with its own outcome.
    /// </summary>
    public Task<WriteResult> UpdateGroupedAsync(ObjectKey key, long expectedRevision, StoredJson json, CancellationToken cancellationToken = default) =>
        _updates.WriteAsync(key, json, expectedRevision, cancellationToken);

    /// <summary>Deletes the object at the expected revision; <paramref name="lastJson"/> is what the DELETED event carries.</summary>
    public Task<WriteResult> DeleteAsync(ObjectKey key, long expectedRevision, StoredJson lastJson, CancellationToken cancellationToken = default) =>
        CompareAndSwapAsync("delete", ChangeType.Deleted, DeleteSql, key, expectedRevision, lastJson, cancellationToken);

    public async Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(GetSql);
        AddKey(cmd.Parameters, key);
        var started = Stopwatch.GetTimestamp();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken) ? new StoredObject(reader.GetInt64(0), reader.GetFieldValue<byte[]>(1)) : null;
        _metrics?.StorageOperation("get", key.Resource, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return found;
    }

    /// <summary>
    /// The newest revision whose write has committed: a read of the latest state waits for the cache to reach it, which
    /// covers every write acknowledged so far. Not the sequence's (<see cref="CurrentRevisionAsync"/>): a write that took
    /// a revision and then failed (a statement cancelled when its apiserver stopped) leaves the sequence ahead of every
    /// change for good, and reads waited for it until the next write closed the gap, or timed out (504) where none came.
    /// </summary>
    public Task<long> CommittedRevisionAsync(CancellationToken cancellationToken = default) => _committed.ReadAsync(cancellationToken);

    /// <summary>The highest revision handed out so far, committed or not.</summary>
    public async Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(CurrentRevisionSql);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Drops every change at or below <paramref name="revision"/> from the log, in one statement.</summary>
    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        await using var cmd = _dataSource.CreateCommand(CompactSql);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<long> CompactedRevisionAsync(CancellationToken cancellationToken = default) =>
        PreparedRevisionAsync(CompactedRevisionSql, cancellationToken);

    /// <summary>
    /// One revision read by a prepared statement. This runs once per continued page (the compacted revision): parsing and
    /// planning it each time cost PostgreSQL about as much as running it (the committed revision, read once per
    /// consistent GET or LIST, has a connection of its own: <see cref="CommittedRevisionReader"/>). Npgsql keeps a prepared statement with its pooled connection, so preparing again on a
    /// connection that has it costs no round trip.
    /// </summary>
    private async Task<long> PreparedRevisionAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.PrepareAsync(cancellationToken);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Closes the connection the committed revision is read on.</summary>
    public ValueTask DisposeAsync() => _committed.DisposeAsync();

    private async Task<WriteResult> CompareAndSwapAsync(string operation, ChangeType type, string sql, ObjectKey key, long expectedRevision, StoredJson json, CancellationToken cancellationToken)
    {
        var command = KeyCommand(sql, key, json);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedRevision });
        var started = Stopwatch.GetTimestamp();
        var ticket = _commits?.WriteStarted();
        long? written = null;
        try
        {
            written = await ExecuteRevisionAsync(new NpgsqlBatchCommand(TakeXid), command, cancellationToken);
            if (written is { } rv) _commits?.Add(new Change(rv, key, type, json) { WrittenAt = DateTimeOffset.UtcNow });
        }
        finally
        {
            EndWrite(ticket, written is not null);
        }
        _metrics?.StorageOperation(operation, key.Resource, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (written is { } revision) return new WriteResult(WriteStatus.Written, revision);
        return await FailedCompareAndSwapAsync(key, cancellationToken);
    }

    /// <summary>Why a compare-and-swap wrote nothing: the object has another revision now, or is gone.</summary>
    private async Task<WriteResult> FailedCompareAndSwapAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var current = await GetAsync(key, cancellationToken);
        return WriteResult.Failed(current is null ? WriteStatus.NotFound : WriteStatus.Conflict);
    }

    /// <summary>
    /// Writes a batch. Should PostgreSQL refuse the batch (and so roll all of it back), each write is tried again
    /// alone, so that a row PostgreSQL will not take fails only its own write.
    /// </summary>
    private static async Task WriteEachAloneIfRefusedAsync(IReadOnlyList<PendingWrite> batch, Func<IReadOnlyList<PendingWrite>, Task> writeOnce)
    {
        try
        {
            await writeOnce(batch);
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                try
                {
                    await writeOnce([pending]);
                }
                catch (Exception e)
                {
                    pending.Fail(e);
                }
            }
        }
    }

    /// <summary>The batch's creates as one transaction (<see cref="ExecuteBatchAsync"/>); a create that wrote nothing found its key taken.</summary>
    private async Task WriteCreatesOnceAsync(IReadOnlyList<PendingWrite> batch)
    {
        var insert = new NpgsqlBatchCommand(CreateSql);
        AddKeysAndData(insert.Parameters, batch);
        var written = await ExecuteBatchAsync(batch, insert, ChangeType.Added);
        foreach (var pending in batch)
        {
            _metrics?.StorageOperation("create", pending.Key.Resource, Stopwatch.GetElapsedTime(pending.QueuedAt).TotalSeconds);
            pending.Complete(written.TryGetValue(pending.Key, out var rv) ? new WriteResult(WriteStatus.Written, rv) : WriteResult.Failed(WriteStatus.AlreadyExists));
        }
    }

    /// <summary>
    /// The batch's updates as one transaction (<see cref="ExecuteBatchAsync"/>). An update that wrote nothing is answered
    /// as a single one is, from a read of the key afterwards; off the writer, so that the next batch does not wait for it.
    /// </summary>
    private async Task WriteUpdatesOnceAsync(IReadOnlyList<PendingWrite> batch)
    {
        var update = new NpgsqlBatchCommand(UpdateManySql);
        AddKeysAndData(update.Parameters, batch);
        update.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = batch.Select(p => p.ExpectedRevision).ToArray() });
        var written = await ExecuteBatchAsync(batch, update, ChangeType.Modified);
        foreach (var pending in batch)
        {
            if (!written.TryGetValue(pending.Key, out var rv))
            {
                _ = CompleteFailedUpdateAsync(pending);
                continue;
            }
            _metrics?.StorageOperation("update", pending.Key.Resource, Stopwatch.GetElapsedTime(pending.QueuedAt).TotalSeconds);
            pending.Complete(new WriteResult(WriteStatus.Written, rv));
        }
    }

    private async Task CompleteFailedUpdateAsync(PendingWrite pending)
    {
        try
        {
            var failed = await FailedCompareAndSwapAsync(pending.Key, CancellationToken.None);
            _metrics?.StorageOperation("update", pending.Key.Resource, Stopwatch.GetElapsedTime(pending.QueuedAt).TotalSeconds);
            pending.Complete(failed);
        }
        catch (Exception e)
        {
            pending.Fail(e);
        }
    }

    /// <summary>
    /// A batch of writes as one transaction, in one round trip: the transaction id, the key locks (sorted, so that two
    /// batches, here or on another apiserver, never wait on each other in a cycle), then <paramref name="write"/>, which
    /// returns the key and revision of every row it wrote. Returns those once the transaction has committed, and hands
    /// them, as changes of <paramref name="type"/>, to this process's change feed.
    /// </summary>
    private async Task<Dictionary<ObjectKey, long>> ExecuteBatchAsync(IReadOnlyList<PendingWrite> batch, NpgsqlBatchCommand write, ChangeType type)
    {
        var locks = new NpgsqlBatchCommand(LockKeysSql);
        locks.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = batch.Select(p => KeyHash(p.Key)).Distinct().Order().ToArray() });
        var written = new Dictionary<ObjectKey, long>(batch.Count);
        var ticket = _commits?.WriteStarted();
        var committed = false;
        try
        {
            await using (var connection = await _dataSource.OpenConnectionAsync())
            await using (var command = new NpgsqlBatch(connection) { BatchCommands = { new NpgsqlBatchCommand(TakeXid), locks, write } })
            {
                await command.PrepareAsync();
                await using var reader = await command.ExecuteReaderAsync();
                await reader.NextResultAsync();
                await reader.NextResultAsync();
                while (await reader.ReadAsync())
                    written[new ObjectKey(reader.GetString(0), reader.GetString(1), reader.GetString(2))] = reader.GetInt64(3);
                // To the end of the batch, where the commit's outcome is reported.
                while (await reader.NextResultAsync()) { }
            }
            if (_commits is not null && written.Count > 0)
            {
                var committedAt = DateTimeOffset.UtcNow;
                foreach (var pending in batch)
                {
                    if (written.TryGetValue(pending.Key, out var rv)) _commits.Add(new Change(rv, pending.Key, type, pending.Json) { WrittenAt = committedAt });
                }
            }
            committed = written.Count > 0;
        }
        finally
        {
            EndWrite(ticket, committed);
        }
        return written;
    }

    /// <summary>
    /// Ends a write of this apiserver's (<see cref="LocalCommits.WriteStarted"/>): wakes this process's change feed, which
    /// may be waiting for it, and when it committed changes, through NOTIFY the other apiservers' too.
    /// </summary>
    private void EndWrite(long? ticket, bool committed)
    {
        if (ticket is { } t) _commits!.WriteEnded(t);
        if (committed) _notifier?.Signal();
        else _notifier?.Wake();
    }

    private static void AddKeysAndData(NpgsqlParameterCollection parameters, IReadOnlyList<PendingWrite> batch)
    {
        parameters.Add(TextArray(batch.Select(p => p.Key.Resource)));
        parameters.Add(TextArray(batch.Select(p => p.Key.Namespace)));
        parameters.Add(TextArray(batch.Select(p => p.Key.Name)));
        // The JSON goes as the UTF-8 it was serialized to: Npgsql sends a byte[] for text as it is.
        parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = batch.Select(p => p.Json.Utf8).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
    }

    private static NpgsqlParameter<string[]> TextArray(IEnumerable<string> values) =>
        new() { TypedValue = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    /// <summary>
    /// Runs the transaction-id statement and the write as one batch (one round trip, one implicit transaction)
    /// and returns the revision the write returned, or null when it wrote nothing. The statements are
    /// prepared: PostgreSQL keeps their plans per connection, so a write skips parsing and planning them.
    /// </summary>
    private async Task<long?> ExecuteRevisionAsync(NpgsqlBatchCommand first, NpgsqlBatchCommand write, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { first, write } };
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
    }

    private static NpgsqlBatchCommand KeyCommand(string sql, ObjectKey key, StoredJson json)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddKey(command.Parameters, key);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = json.Utf8, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    private static void AddKey(NpgsqlParameterCollection parameters, ObjectKey key)
    {
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Resource });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Namespace });
        parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Name });
    }

    /// <summary>A stable 64-bit FNV-1a hash of the key, for the advisory lock.</summary>
    private static long KeyHash(ObjectKey key)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in new[] { key.Resource, key.Namespace, key.Name })
        {
            foreach (var c in part)
            {
                hash = (hash ^ c) * 1099511628211UL;
            }
            hash = (hash ^ '/') * 1099511628211UL;
        }
        return unchecked((long)hash);
    }
}
