using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// The transactions of this database that may still commit a revision the change feed has not seen:
/// every one holding a transaction id at the moment a gap (or the start-up snapshot) was seen. A
/// writer takes its id before its revision (see <see cref="ObjectStore"/>), so one holding a missing
/// revision is among them.
/// <para>
/// Waiting for the snapshot's xmin to pass its xmax is not enough: xmax is only the newest
/// <em>completed</em> id + 1, and writers take ids and revisions in different orders, so the writer of
/// a missing revision can hold an id at or above xmax and still be running when xmin has passed it.
/// The barrier is therefore one above the highest id in the set (widened to 64 bits against the
/// snapshot's xmax, since pg_stat_activity shows 32-bit ids).
/// </para>
/// </summary>
public sealed record InFlightWriters(long Barrier, long[] Xids)
{
    /// <summary>After this long the barrier may be held by other databases' transactions: then the set itself is checked.</summary>
    public static readonly TimeSpan OtherDatabases = TimeSpan.FromMilliseconds(200);

    private const string ReadSql = """
        with s as (select pg_snapshot_xmax(pg_current_snapshot())::text::bigint as xmax),
             a as (select backend_xid::text::bigint as x from pg_stat_get_activity(null)
                   where datid = (select oid from pg_database where datname = current_database())
                     and backend_xid is not null and pid <> pg_backend_pid())
        select greatest(s.xmax, coalesce(max(s.xmax + (a.x - s.xmax % 4294967296 + 6442450944) % 4294967296 - 2147483648 + 1), 0)),
               coalesce(array_agg(a.x) filter (where a.x is not null), '{}')
        from s left join a on true group by s.xmax
        """;

    private const string XminReachedSql = "select pg_snapshot_xmin(pg_current_snapshot())::text::bigint >= $1";

    private const string AnyStillRunningSql = """
        select exists (select 1 from pg_stat_activity where datname = current_database() and backend_xid::text::bigint = any($1))
        """;

    /// <summary>This database's writers in flight now, seen from <paramref name="connection"/> (in its transaction, if any).</summary>
    public static async Task<InFlightWriters> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken, NpgsqlTransaction? transaction = null)
    {
        await using var cmd = new NpgsqlCommand(ReadSql, connection, transaction);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new InFlightWriters(reader.GetInt64(0), reader.GetFieldValue<long[]>(1));
    }

    /// <summary>
    /// True once every writer of the set has ended: every id below the barrier has (cheap, but also waits on
    /// other databases' transactions), or, once <paramref name="waited"/> passes <see cref="OtherDatabases"/>,
    /// none of the set still runs.
    /// </summary>
    public async Task<bool> EndedAsync(NpgsqlConnection connection, TimeSpan waited, CancellationToken cancellationToken)
    {
        await using (var xmin = new NpgsqlCommand(XminReachedSql, connection))
        {
            xmin.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Barrier });
            if ((bool)(await xmin.ExecuteScalarAsync(cancellationToken))!) return true;
        }
        if (waited <= OtherDatabases) return false;
        if (Xids.Length == 0) return true;
        await using var running = new NpgsqlCommand(AnyStillRunningSql, connection);
        running.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = Xids });
        return !(bool)(await running.ExecuteScalarAsync(cancellationToken))!;
    }
}
