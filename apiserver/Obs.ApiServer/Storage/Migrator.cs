using System.Reflection;
using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Applies the embedded SQL migrations in order, once each. Several apiservers may start
/// together on one database, so the whole run holds an advisory lock.
/// </summary>
public static class Migrator
{
    private const long LockKey = 0x0b5_0b5_0b5;

    private const string EnsureTableSql =
        "create table if not exists obs_migrations (name text primary key, applied_at timestamptz not null default now())";

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await Execute(connection, $"select pg_advisory_xact_lock({LockKey})", cancellationToken);
        await Execute(connection, EnsureTableSql, cancellationToken);

        var applied = new HashSet<string>();
        await using (var cmd = new NpgsqlCommand("select name from obs_migrations", connection))
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        }

        foreach (var (name, sql) in Embedded())
        {
            if (applied.Contains(name)) continue;
            await Execute(connection, sql, cancellationToken);
            await using var record = new NpgsqlCommand("insert into obs_migrations (name) values ($1)", connection);
            record.Parameters.AddWithValue(name);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await tx.CommitAsync(cancellationToken);
    }

    private static IEnumerable<(string Name, string Sql)> Embedded()
    {
        var assembly = typeof(Migrator).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (resource["Migrations/".Length..], reader.ReadToEnd());
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
