using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The receiver's history in PostgreSQL: alerts (one row per fingerprint and start), the
/// notifications that carried them, acknowledgements and silences. A notification is recorded in
/// one transaction, so a failure stores none of it.
/// </summary>
public sealed class AlertStore(NpgsqlDataSource dataSource)
{
    private const string AlertColumns =
        "id, fingerprint, state, alertname, labels::text, annotations::text, starts_at, ends_at, generator_url, " +
        "first_received_at, last_received_at, resolved_at, deliveries, acknowledged_by, acknowledged_at, resolved_by";

    private const string UpsertNotificationSql = """
        insert into obs_alert_notifications (payload_sha256, group_key, receiver, status, payload, first_received_at, last_received_at, deliveries)
        values ($1, $2, $3, $4, $5, $6, $6, 1)
        on conflict (payload_sha256) do update
            set last_received_at = excluded.last_received_at, deliveries = obs_alert_notifications.deliveries + 1
        returning id
        """;

    // Under read committed, a concurrent insert of the same alert makes this wait and then do nothing;
    // the update below then finds the row.
    private const string InsertAlertSql = $"""
        insert into obs_alerts (fingerprint, starts_at, state, alertname, labels, annotations, ends_at, generator_url,
                                first_received_at, last_received_at, resolved_at, deliveries, resolved_by)
        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, case when $3 = 'resolved' then $9 end, 1,
                case when $3 = 'resolved' then '{AlertResolvers.Alertmanager}' end)
        on conflict (fingerprint, starts_at) do nothing
        returning {AlertColumns}
        """;

    // A resolution is final for this start: a late firing redelivery must not reopen it.
    // Right-hand sides see the row as it was, so "state" below is the previous state.
    private const string UpdateAlertSql = $"""
        update obs_alerts set
            state = case when state = 'resolved' then state else $3 end,
            ends_at = case when state = 'resolved' then ends_at else $5 end,
            annotations = case when state = 'resolved' then annotations else $4 end,
            resolved_at = case when state = 'firing' and $3 = 'resolved' then $6 else resolved_at end,
            resolved_by = case when state = 'firing' and $3 = 'resolved' then '{AlertResolvers.Alertmanager}' else resolved_by end,
            last_received_at = $6,
            deliveries = deliveries + 1
        where fingerprint = $1 and starts_at = $2
        returning {AlertColumns}
        """;

    // Only a firing alert: a resolution Alertmanager sent meanwhile stands, with its own end.
    private const string ResolveUnsentSql = $"""
        update obs_alerts set state = 'resolved', ends_at = $2, resolved_at = $3, resolved_by = '{AlertResolvers.Receiver}'
        where id = $1 and state = 'firing'
        returning {AlertColumns}
        """;

    private const string LinkSql =
        "insert into obs_alert_notification_alerts (notification_id, alert_id, status) values ($1, $2, $3) on conflict do nothing";

    private const string AcknowledgeSql = $"""
        update obs_alerts set acknowledged_by = coalesce(acknowledged_by, $2), acknowledged_at = coalesce(acknowledged_at, $3)
        where id = $1
        returning {AlertColumns}
        """;

    private const string HistorySql = """
        select n.id, l.status, n.group_key, n.receiver, n.first_received_at, n.last_received_at, n.deliveries
        from obs_alert_notification_alerts l join obs_alert_notifications n on n.id = l.notification_id
        where l.alert_id = $1 order by n.id
        """;

    private const string InsertSilenceSql =
        "insert into obs_alert_silences (id, matchers, starts_at, ends_at, created_by, comment, created_at) values ($1, $2, $3, $4, $5, $6, $7)";

    private const string ListSilencesSql =
        "select id, matchers::text, starts_at, ends_at, created_by, comment, created_at from obs_alert_silences order by created_at desc, id limit $1";

    /// <summary>Records a notification and each of its alerts; returns what changed for each alert.</summary>
    public async Task<IReadOnlyList<AlertChange>> RecordAsync(WebhookNotification notification, byte[] payload, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        long notificationId;
        await using (var cmd = new NpgsqlCommand(UpsertNotificationSql, connection, tx))
        {
            cmd.Parameters.AddWithValue(Convert.ToHexStringLower(SHA256.HashData(payload)));
            cmd.Parameters.AddWithValue(notification.GroupKey);
            cmd.Parameters.AddWithValue(notification.Receiver);
            cmd.Parameters.AddWithValue(notification.Status);
            cmd.Parameters.AddWithValue(System.Text.Encoding.UTF8.GetString(payload));
            cmd.Parameters.AddWithValue(receivedAt);
            notificationId = (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }

        var changes = new List<AlertChange>();
        foreach (var alert in notification.Alerts)
        {
            var change = await InsertAsync(connection, tx, alert, receivedAt, cancellationToken)
                         ?? await UpdateAsync(connection, tx, alert, receivedAt, cancellationToken);
            changes.Add(change);
            await using var link = new NpgsqlCommand(LinkSql, connection, tx);
            link.Parameters.AddWithValue(notificationId);
            link.Parameters.AddWithValue(change.Alert.Id);
            link.Parameters.AddWithValue(alert.Status);
            await link.ExecuteNonQueryAsync(cancellationToken);
        }
        await AlertNoticeLog.AppendAsync(connection, tx, changes, receivedAt, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return changes;
    }

    private static async Task<AlertChange?> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction tx, WebhookAlert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(InsertAlertSql, connection, tx);
        cmd.Parameters.AddWithValue(alert.Fingerprint);
        cmd.Parameters.AddWithValue(alert.StartsAt);
        cmd.Parameters.AddWithValue(alert.Status);
        cmd.Parameters.AddWithValue(alert.Labels.GetValueOrDefault("alertname", ""));
        cmd.Parameters.Add(Jsonb(alert.Labels));
        cmd.Parameters.Add(Jsonb(alert.Annotations));
        cmd.Parameters.Add(Time(alert.EndsAt));
        cmd.Parameters.AddWithValue(alert.GeneratorUrl);
        cmd.Parameters.AddWithValue(now);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var stored = ReadAlert(reader);
        return new AlertChange(stored, stored.State == AlertStates.Resolved ? AlertChangeKind.Resolved : AlertChangeKind.Fired);
    }

    private static async Task<AlertChange> UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction tx, WebhookAlert alert, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Lock the row first so the previous state read below is the one this update replaces.
        string previous;
        await using (var select = new NpgsqlCommand("select state from obs_alerts where fingerprint = $1 and starts_at = $2 for update", connection, tx))
        {
            select.Parameters.AddWithValue(alert.Fingerprint);
            select.Parameters.AddWithValue(alert.StartsAt);
            previous = (string)(await select.ExecuteScalarAsync(cancellationToken))!;
        }
        await using var cmd = new NpgsqlCommand(UpdateAlertSql, connection, tx);
        cmd.Parameters.AddWithValue(alert.Fingerprint);
        cmd.Parameters.AddWithValue(alert.StartsAt);
        cmd.Parameters.AddWithValue(alert.Status);
        cmd.Parameters.Add(Jsonb(alert.Annotations));
        cmd.Parameters.Add(Time(alert.EndsAt));
        cmd.Parameters.AddWithValue(now);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var stored = ReadAlert(reader);
        var kind = previous == AlertStates.Firing && stored.State == AlertStates.Resolved ? AlertChangeKind.Resolved : AlertChangeKind.Repeated;
        return new AlertChange(stored, kind);
    }

    /// <summary>Alerts in the given listing states (all when empty), newest first.</summary>
    public async Task<IReadOnlyList<StoredAlert>> ListAsync(IReadOnlyCollection<string> states, int limit, CancellationToken cancellationToken)
    {
        var clauses = new List<string>();
        if (states.Contains(AlertStates.Firing)) clauses.Add("(state = 'firing' and acknowledged_at is null)");
        if (states.Contains(AlertStates.Acknowledged)) clauses.Add("(state = 'firing' and acknowledged_at is not null)");
        if (states.Contains(AlertStates.Resolved)) clauses.Add("state = 'resolved'");
        var where = clauses.Count == 0 ? "" : "where " + string.Join(" or ", clauses);
        await using var cmd = dataSource.CreateCommand($"select {AlertColumns} from obs_alerts {where} order by starts_at desc, id desc limit $1");
        cmd.Parameters.AddWithValue(limit);
        return await ReadAlertsAsync(cmd, cancellationToken);
    }

    /// <summary>Every alert still firing (acknowledged or not), however many: what <see cref="UnsentResolutions"/> checks.</summary>
    public async Task<IReadOnlyList<StoredAlert>> FiringAsync(CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand($"select {AlertColumns} from obs_alerts where state = 'firing'");
        return await ReadAlertsAsync(cmd, cancellationToken);
    }

    private static async Task<List<StoredAlert>> ReadAlertsAsync(NpgsqlCommand cmd, CancellationToken cancellationToken)
    {
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<StoredAlert>();
        while (await reader.ReadAsync(cancellationToken)) alerts.Add(ReadAlert(reader));
        return alerts;
    }

    /// <summary>
    /// Resolves a firing alert whose resolution never came, ending it at <paramref name="endsAt"/>; null when it is not
    /// firing any more (its resolution arrived, or another apiserver of the cluster resolved it first).
    /// </summary>
    public async Task<AlertChange?> ResolveUnsentAsync(long id, DateTimeOffset endsAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        AlertChange change;
        await using (var cmd = new NpgsqlCommand(ResolveUnsentSql, connection, tx))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(endsAt);
            cmd.Parameters.AddWithValue(now);
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken)) return null;
            change = new AlertChange(ReadAlert(reader), AlertChangeKind.Resolved);
        }
        await AlertNoticeLog.AppendAsync(connection, tx, [change], now, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return change;
    }

    public async Task<StoredAlert?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand($"select {AlertColumns} from obs_alerts where id = $1");
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAlert(reader) : null;
    }

    /// <summary>The notifications that named the alert, oldest first.</summary>
    public async Task<IReadOnlyList<AlertHistoryEntry>> HistoryAsync(long id, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(HistorySql);
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AlertHistoryEntry>();
        while (await reader.ReadAsync(cancellationToken))
            entries.Add(new AlertHistoryEntry(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6)));
        return entries;
    }

    /// <summary>Records who acknowledged the alert and when; the first acknowledgement stands. Null when there is no such alert.</summary>
    public async Task<StoredAlert?> AcknowledgeAsync(long id, string user, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(AcknowledgeSql);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(user);
        cmd.Parameters.AddWithValue(at);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAlert(reader) : null;
    }

    public async Task RecordSilenceAsync(SilenceRecord silence, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(InsertSilenceSql);
        cmd.Parameters.AddWithValue(silence.Id);
        cmd.Parameters.Add(new NpgsqlParameter { Value = new System.Text.Json.Nodes.JsonArray(silence.Matchers.Select(m => (System.Text.Json.Nodes.JsonNode)m.ToJson()).ToArray()).ToJsonString(), NpgsqlDbType = NpgsqlDbType.Jsonb });
        cmd.Parameters.AddWithValue(silence.StartsAt);
        cmd.Parameters.AddWithValue(silence.EndsAt);
        cmd.Parameters.AddWithValue(silence.CreatedBy);
        cmd.Parameters.AddWithValue(silence.Comment);
        cmd.Parameters.AddWithValue(silence.CreatedAt);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SilenceRecord>> ListSilencesAsync(int limit, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(ListSilencesSql);
        cmd.Parameters.AddWithValue(limit);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var silences = new List<SilenceRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var matchers = System.Text.Json.Nodes.JsonNode.Parse(reader.GetString(1))!.AsArray()
                .Select(m => new SilenceMatcher(m!["name"]!.GetValue<string>(), m["value"]!.GetValue<string>(), m["isRegex"]!.GetValue<bool>(), m["isEqual"]!.GetValue<bool>()))
                .ToList();
            silences.Add(new SilenceRecord(reader.GetString(0), matchers, reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }
        return silences;
    }

    private static StoredAlert ReadAlert(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        r.GetString(3),
        Map(r.GetString(4)),
        Map(r.GetString(5)),
        r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
        r.GetString(8),
        r.GetFieldValue<DateTimeOffset>(9),
        r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        r.GetInt32(12),
        r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : r.GetFieldValue<DateTimeOffset>(14),
        r.IsDBNull(15) ? null : r.GetString(15));

    private static SortedDictionary<string, string> Map(string json) =>
        new(JsonSerializer.Deserialize<Dictionary<string, string>>(json)!, StringComparer.Ordinal);

    private static NpgsqlParameter Jsonb(IReadOnlyDictionary<string, string> map) =>
        new() { Value = JsonSerializer.Serialize(map), NpgsqlDbType = NpgsqlDbType.Jsonb };

    private static NpgsqlParameter Time(DateTimeOffset? time) =>
        new() { Value = time is { } t ? t : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
