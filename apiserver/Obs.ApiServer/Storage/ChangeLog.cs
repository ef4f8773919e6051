using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>Reads the change log and the snapshot a change feed starts from.</summary>
public sealed class ChangeLog(NpgsqlDataSource dataSource)
{
    private const string ChangesAfterSql = """
        select rv, resource, namespace, name, type, data, written_at from obs_changes
        where rv > $1 order by rv limit $2
        """;

    private const string ResourceChangesSql = """
        select rv, resource, namespace, name, type, data, written_at from obs_changes
        where rv > $1 and rv <= $2 and resource = $3 order by rv
        """;

    private const string RangeSql = """
        select rv, resource, namespace, name, type, data, written_at from obs_changes
        where rv >= $1 and rv <= $2 order by rv
        """;

    // The key's latest change at or below a revision: what the cache should hold for it there.
    private const string LatestOfKeySql = """
        select rv, resource, namespace, name, type, data, written_at from obs_changes
        where rv <= $4 and resource = $1 and namespace = $2 and name = $3 order by rv desc limit 1
        """;

    private const string SnapshotSql = "select pg_current_snapshot()::text";
    private const string HeadSql = ObjectStore.CommittedRevisionSql;
    private const string ObjectsSql = "select resource, namespace, name, rv, data from obs_objects";

    // Rows below the snapshot's head that the snapshot could not see: written by transactions in flight then.
    private const string MissedSql = """
        select rv, resource, namespace, name, type, data, written_at from obs_changes
        where rv <= $1 and rv > $1 - 1000000 and xid >= pg_snapshot_xmin($2::pg_snapshot)
          and not pg_visible_in_snapshot(xid, $2::pg_snapshot)
        order by rv
        """;

    /// <summary>Up to <paramref name="limit"/> changes after <paramref name="revision"/>, in order.</summary>
    public async Task<List<Change>> ReadAfterAsync(NpgsqlConnection connection, long revision, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(ChangesAfterSql, connection);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadChangesAsync(cmd, cancellationToken);
    }

    /// <summary>The changes in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    public async Task<List<Change>> ReadRangeAsync(NpgsqlConnection connection, long from, long to, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(RangeSql, connection);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
        return await ReadChangesAsync(cmd, cancellationToken);
    }

    /// <summary>The latest change of <paramref name="key"/> at or below <paramref name="revision"/>, if the log still has one.</summary>
    public async Task<Change?> ReadLatestAsync(NpgsqlConnection connection, ObjectKey key, long revision, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(LatestOfKeySql, connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Resource });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Namespace });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key.Name });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = revision });
        var changes = await ReadChangesAsync(cmd, cancellationToken);
        return changes.Count > 0 ? changes[0] : null;
    }

    /// <summary>The changes of one resource in (<paramref name="after"/>, <paramref name="upTo"/>], for a watch that starts before the cache's events.</summary>
    public async Task<List<Change>> ReadResourceAsync(string resource, long after, long upTo, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(ResourceChangesSql);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after });
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = upTo });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = resource });
        return await ReadChangesAsync(cmd, cancellationToken);
    }

    /// <summary>
    /// Every object (each passed through <paramref name="convert"/> as it is read, so that the rows' text
    /// never all lives at once) and the highest revision in one consistent snapshot, plus the snapshot
    /// itself and the writers in flight then, so that <see cref="ReadMissedAsync"/> can later find what it could not see.
    /// </summary>
    public async Task<(List<T> Objects, long Head, string Snapshot, InFlightWriters Writers)> ReadSnapshotAsync<T>(Func<ObjectKey, long, StoredJson, T> convert, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        string snapshot;
        long head;
        await using (var cmd = new NpgsqlCommand(SnapshotSql, connection, tx)) snapshot = (string)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        await using (var cmd = new NpgsqlCommand(HeadSql, connection, tx)) head = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        var writers = await InFlightWriters.ReadAsync(connection, cancellationToken, tx);
        var objects = new List<T>();
        await using (var cmd = new NpgsqlCommand(ObjectsSql, connection, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                objects.Add(convert(new ObjectKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)), reader.GetInt64(3), new StoredJson(reader.GetFieldValue<byte[]>(4))));
        }
        await tx.CommitAsync(cancellationToken);
        return (objects, head, snapshot, writers);
    }

    /// <summary>Changes at or below <paramref name="head"/> that were in flight when <paramref name="snapshot"/> was taken.</summary>
    public async Task<List<Change>> ReadMissedAsync(NpgsqlConnection connection, long head, string snapshot, InFlightWriters writers, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!await writers.EndedAsync(connection, System.Diagnostics.Stopwatch.GetElapsedTime(started), cancellationToken))
            await Task.Delay(2, cancellationToken);
        await using var cmd = new NpgsqlCommand(MissedSql, connection);
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = snapshot });
        return await ReadChangesAsync(cmd, cancellationToken);
    }

    private static async Task<List<Change>> ReadChangesAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        var changes = new List<Change>();
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new Change(
                reader.GetInt64(0),
                new ObjectKey(reader.GetString(1), reader.GetString(2), reader.GetString(3)),
                (ChangeType)reader.GetInt16(4),
                new StoredJson(reader.GetFieldValue<byte[]>(5)))
            {
                WrittenAt = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }
        return changes;
    }
}
