using Npgsql;
using NpgsqlTypes;
using Obs.ApiServer.Metrics;
using System.Diagnostics;

namespace Obs.ApiServer.Storage;

/// <summary>
/// The objects in PostgreSQL. Every write is one round trip and a compare-and-swap: it takes the
/// next global revision only when it will succeed, so the revision sequence has gaps only when
/// a transaction fails mid-way. Each batch first takes a transaction id, so that a transaction
/// holding a revision is always visible as in flight to the change feed (see <see cref="ChangeFeed"/>).
/// </summary>
public sealed class ObjectStore(NpgsqlDataSource dataSource, ApiMetrics? metrics = null, ChangeNotifier? notifier = null)
{
    private const string TakeXid = "select pg_current_xact_id()";

    // Concurrent creates of one key queue on this lock, so the loser sees the row and takes no revision. The
    // transaction id is taken in the same statement, before the lock (select-list items run in order).
    private const string TakeXidAndLockKey = "select pg_current_xact_id(), pg_advisory_xact_lock($1)";

    private const string CreateSql = """
        with ins as (
            insert into obs_objects (resource, namespace, name, rv, data)
            select $1, $2, $3, nextval('obs_revision'), $4
            where not exists (select 1 from obs_objects where resource = $1 and namespace = $2 and name = $3)
            returning rv)
        insert into obs_changes (rv, resource, namespace, name, type, data)
        select rv, $1, $2, $3, 0, $4 from ins
        returning rv
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

    public async Task<WriteResult> CreateAsync(ObjectKey key, string json, CancellationToken cancellationToken = default)
    {
        var lockCommand = new NpgsqlBatchCommand(TakeXidAndLockKey);
        lockCommand.Parameters.Add(new NpgsqlParameter<long> { TypedValue = KeyHash(key) });
        var started = Stopwatch.GetTimestamp();
        var rv = await ExecuteRevisionAsync(lockCommand, KeyCommand(CreateSql, key, json), cancellationToken);
        metrics?.StorageOperation("create", key.Resource, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (rv is not null) notifier?.Signal();
        return rv is { } r ? new WriteResult(WriteStatus.Written, r) : WriteResult.Failed(WriteStatus.AlreadyExists);
    }

    public Task<WriteResult> UpdateAsync(ObjectKey key, long expectedRevision, string json, CancellationToken cancellationToken = default) =>
        CompareAndSwapAsync("update", UpdateSql, key, expectedRevision, json, cancellationToken);

    /// <summary>Deletes the object at the expected revision; <paramref name="lastJson"/> is what the DELETED event carries.</summary>
    public Task<WriteResult> DeleteAsync(ObjectKey key, long expectedRevision, string lastJson, CancellationToken cancellationToken = default) =>
        CompareAndSwapAsync("delete", DeleteSql, key, expectedRevision, lastJson, cancellationToken);

    public async Task<StoredObject?> GetAsync(ObjectKey key, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(GetSql);
        AddKey(cmd.Parameters, key);
        var started = Stopwatch.GetTimestamp();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var found = await reader.ReadAsync(cancellationToken) ? new StoredObject(reader.GetInt64(0), reader.GetString(1)) : null;
        metrics?.StorageOperation("get", key.Resource, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return found;
    }

    /// <summary>
    /// The newest revision whose write has committed: a read of the latest state waits for the cache to reach it, which
    /// covers every write acknowledged so far. Not the sequence's (<see cref="CurrentRevisionAsync"/>): a write that took
    /// a revision and then failed (a statement cancelled when its apiserver stopped) leaves the sequence ahead of every
    /// change for good, and reads waited for it until the next write closed the gap, or timed out (504) where none came.
    /// </summary>
    public async Task<long> CommittedRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(CommittedRevisionSql);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The highest revision handed out so far, committed or not.</summary>
    public async Task<long> CurrentRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(CurrentRevisionSql);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Drops every change at or below <paramref name="revision"/> from the log, in one statement.</summary>
    public async Task CompactAsync(long revision, CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(CompactSql);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CompactedRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var cmd = dataSource.CreateCommand(CompactedRevisionSql);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<WriteResult> CompareAndSwapAsync(string operation, string sql, ObjectKey key, long expectedRevision, string json, CancellationToken cancellationToken)
    {
        var command = KeyCommand(sql, key, json);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = expectedRevision });
        var started = Stopwatch.GetTimestamp();
        var written = await ExecuteRevisionAsync(new NpgsqlBatchCommand(TakeXid), command, cancellationToken);
        metrics?.StorageOperation(operation, key.Resource, Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (written is { } rv)
        {
            notifier?.Signal();
            return new WriteResult(WriteStatus.Written, rv);
        }
        var current = await GetAsync(key, cancellationToken);
        return WriteResult.Failed(current is null ? WriteStatus.NotFound : WriteStatus.Conflict);
    }

    /// <summary>
    /// Runs the transaction-id statement and the write as one batch (one round trip, one implicit transaction)
    /// and returns the revision the write returned, or null when it wrote nothing. The statements are
    /// prepared: PostgreSQL keeps their plans per connection, so a write skips parsing and planning them.
    /// </summary>
    private async Task<long?> ExecuteRevisionAsync(NpgsqlBatchCommand first, NpgsqlBatchCommand write, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { first, write } };
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(0) : null;
    }

    private static NpgsqlBatchCommand KeyCommand(string sql, ObjectKey key, string json)
    {
        var command = new NpgsqlBatchCommand(sql);
        AddKey(command.Parameters, key);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json, NpgsqlDbType = NpgsqlDbType.Text });
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
