using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The notices for the human on call, kept in PostgreSQL until each destination has been sent them
/// (<c>obs_alert_notices</c>, <c>obs_alert_forward_cursors</c>). A notice is appended in the transaction that stored
/// its alert's change, and a destination's cursor moves past it only once it was sent (or given up): an apiserver that
/// stops in between sends it after its restart, or another apiserver of the cluster does.
/// </summary>
public sealed class AlertNoticeLog(NpgsqlDataSource dataSource)
{
    // Held to commit by every transaction that appends, so notice ids commit in the order they are taken.
    private const long AppendLockKey = 0x0b5_a1e47;

    private const string AppendSql = """
        insert into obs_alert_notices (alert_id, status, alert, created_at)
        select alert_id, status, alert, $4 from unnest($1::bigint[], $2::text[], $3::jsonb[]) as n (alert_id, status, alert)
        """;

    private const string ReadSql = "select id, status, alert::text from obs_alert_notices where id > $1 order by id limit $2";

    // A destination seen for the first time starts after the notices stored before its forwarder was made: it was not
    // configured when they came. Those stored since (say, by a webhook that came in before the cursor was) are sent.
    // One statement (positional parameters allow no more): the row just inserted, else the one that was there.
    private const string CursorSql = """
        with inserted as (
            insert into obs_alert_forward_cursors (destination, last_sent_id, updated_at)
            select $1, coalesce(max(id), 0), $2 from obs_alert_notices where created_at < $3
            on conflict (destination) do nothing
            returning last_sent_id)
        select last_sent_id from inserted
        union all
        select last_sent_id from obs_alert_forward_cursors where destination = $1
        limit 1
        """;

    private const string AdvanceSql =
        "update obs_alert_forward_cursors set last_sent_id = $2, updated_at = $3 where destination = $1 and last_sent_id < $2";

    /// <summary>
    /// Appends a notice for each change the human should hear of (a first firing, a resolution) inside the caller's
    /// transaction; nothing when there is none.
    /// </summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IEnumerable<AlertChange> changes, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var notices = changes.Select(AlertNotice.From).OfType<AlertNotice>().ToList();
        if (notices.Count == 0) return;
        await using (var lockCmd = new NpgsqlCommand($"select pg_advisory_xact_lock({AppendLockKey})", connection, tx))
            await lockCmd.ExecuteNonQueryAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(AppendSql, connection, tx);
        cmd.Parameters.AddWithValue(notices.Select(n => n.Alert.Id).ToArray());
        cmd.Parameters.AddWithValue(notices.Select(n => n.Status).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter { Value = notices.Select(n => JsonSerializer.Serialize(n.Alert)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The notices after <paramref name="afterId"/>, oldest first, each with its alert as it was when the notice was stored.</summary>
    public async Task<IReadOnlyList<(long Id, AlertNotice Notice)>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(ReadSql);
        cmd.Parameters.AddWithValue(afterId);
        cmd.Parameters.AddWithValue(limit);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var notices = new List<(long, AlertNotice)>();
        while (await reader.ReadAsync(cancellationToken))
            notices.Add((reader.GetInt64(0), new AlertNotice(reader.GetString(1), JsonSerializer.Deserialize<StoredAlert>(reader.GetString(2))!)));
        return notices;
    }

    /// <summary>
    /// The last notice id sent to <paramref name="destination"/>; a new destination starts at the newest notice stored
    /// before <paramref name="configuredAt"/>.
    /// </summary>
    public async Task<long> CursorAsync(string destination, DateTimeOffset configuredAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(CursorSql);
        cmd.Parameters.AddWithValue(Key(destination));
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(configuredAt);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Records that <paramref name="destination"/> is done with every notice up to <paramref name="id"/>.</summary>
    public async Task AdvanceAsync(string destination, long id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(AdvanceSql);
        cmd.Parameters.AddWithValue(Key(destination));
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(now);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Forgets notices older than <paramref name="before"/>: a destination that has been down that long will not get them.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand("delete from obs_alert_notices where created_at < $1");
        cmd.Parameters.AddWithValue(before);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The cursor's key: a digest, since a chat webhook's URL carries its secret.</summary>
    public static string Key(string destination) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination)));
}
