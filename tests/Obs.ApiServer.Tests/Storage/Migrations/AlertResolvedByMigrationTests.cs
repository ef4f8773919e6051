using Npgsql;
using Obs.ApiServer.Storage;
using Obs.Testing;

namespace Obs.ApiServer.Tests.Storage.Migrations;

/// <summary>006_alert_resolved_by.sql on a database holding alerts from before it: who resolved each is told by its history.</summary>
public sealed class AlertResolvedByMigrationTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("resolvedby"));
        await Migrator.ApplyAsync(_dataSource);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task AlertsResolvedBeforeTheColumnAreNamedAlertmanagerWhenAResolvedNotificationNamedThemAndTheReceiverOtherwise()
    {
        await ExecuteAsync("""
            insert into obs_alerts (fingerprint, starts_at, state, alertname, labels, annotations, generator_url, first_received_at, last_received_at, resolved_at, deliveries)
            values ('sent', now(), 'resolved', 'A', '{}', '{}', '', now(), now(), now(), 2),
                   ('unsent', now(), 'resolved', 'B', '{}', '{}', '', now(), now(), now(), 1),
                   ('firing', now(), 'firing', 'C', '{}', '{}', '', now(), now(), null, 1);
            insert into obs_alert_notifications (payload_sha256, group_key, receiver, status, payload, first_received_at, last_received_at, deliveries)
            values ('n1', 'g', 'on-call', 'firing', '{}', now(), now(), 1), ('n2', 'g', 'on-call', 'resolved', '{}', now(), now(), 1);
            insert into obs_alert_notification_alerts (notification_id, alert_id, status)
            select n.id, a.id, n.status from obs_alert_notifications n, obs_alerts a where a.fingerprint in ('sent', 'unsent', 'firing') and n.status = 'firing';
            insert into obs_alert_notification_alerts (notification_id, alert_id, status)
            select n.id, a.id, 'resolved' from obs_alert_notifications n, obs_alerts a where a.fingerprint = 'sent' and n.status = 'resolved';
            """);
        // The database as it was before the migration: no column, the migration not recorded.
        await ExecuteAsync("alter table obs_alerts drop column resolved_by; delete from obs_migrations where name = '006_alert_resolved_by.sql'");

        await Migrator.ApplyAsync(_dataSource);

        var resolvedBy = new Dictionary<string, string?>();
        await using var cmd = _dataSource.CreateCommand("select fingerprint, resolved_by from obs_alerts");
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) resolvedBy[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
        Assert.Equal("alertmanager", resolvedBy["sent"]);
        Assert.Equal("receiver", resolvedBy["unsent"]);
        Assert.Null(resolvedBy["firing"]);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var cmd = _dataSource.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
