using Npgsql;

namespace Obs.ApiServer.Alerting;

/// <summary>
/// The right to send one forward destination its notices: a PostgreSQL session advisory lock, keyed by the destination,
/// held on a connection of its own for as long as this apiserver sends. An apiserver that stops or loses its
/// connection loses the lock with it, and another takes it at its next poll.
/// </summary>
internal sealed class DestinationLock : IAsyncDisposable
{
    // The two-integer form, whose keys never meet the single-bigint locks of the migrations and the notice log.
    private const int LockClass = 0x0b5a;

    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private DestinationLock(NpgsqlConnection connection, string key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>The lock, or null when another session holds it.</summary>
    public static async Task<DestinationLock?> TryTakeAsync(NpgsqlDataSource dataSource, string destination, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var key = AlertNoticeLog.Key(destination);
            await using var cmd = new NpgsqlCommand($"select pg_try_advisory_lock({LockClass}, hashtext($1))", connection);
            cmd.Parameters.AddWithValue(key);
            if ((bool)(await cmd.ExecuteScalarAsync(cancellationToken))!) return new DestinationLock(connection, key);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Throws when the lock's connection is gone, and the lock with it.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand("select 1", _connection);
        await cmd.ExecuteScalarAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await using var cmd = new NpgsqlCommand($"select pg_advisory_unlock({LockClass}, hashtext($1))", _connection);
            cmd.Parameters.AddWithValue(_key);
            await cmd.ExecuteScalarAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone: so is the lock.
        }
        await _connection.DisposeAsync();
    }
}
