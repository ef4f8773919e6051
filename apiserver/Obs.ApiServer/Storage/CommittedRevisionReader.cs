using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// Reads the newest committed revision (<see cref="ObjectStore.CommittedRevisionAsync"/>) on a connection of its own,
/// kept open with the statement prepared on it. Consistent reads ask this once per GET or LIST (or per group of them
/// arriving together): taken from the pool each time, the connection was reset on its way back (Npgsql resets a
/// pooled connection's session state with several statements before its next use), which cost PostgreSQL more than
/// the query itself. One query at a time: callers queue (consistent reads already share one query in flight).
/// </summary>
public sealed class CommittedRevisionReader(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;

    public async Task<long> ReadAsync(CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken);
        try
        {
            try
            {
                return await ReadOnceAsync(cancellationToken);
            }
            catch (Exception e) when ((e is NpgsqlException or IOException) && !cancellationToken.IsCancellationRequested)
            {
                // The connection may have broken while idle (PostgreSQL restarted): once more, on a new one.
                await CloseAsync();
                return await ReadOnceAsync(cancellationToken);
            }
        }
        catch
        {
            await CloseAsync();
            throw;
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<long> ReadOnceAsync(CancellationToken cancellationToken)
    {
        if (_command is null)
        {
            _connection = await dataSource.OpenConnectionAsync(cancellationToken);
            _command = new NpgsqlCommand(ObjectStore.CommittedRevisionSql, _connection);
            await _command.PrepareAsync(cancellationToken);
        }
        return (long)(await _command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task CloseAsync()
    {
        if (_command is not null) await _command.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
        (_command, _connection) = (null, null);
    }

    public async ValueTask DisposeAsync()
    {
        await _one.WaitAsync();
        try
        {
            await CloseAsync();
        }
        finally
        {
            _one.Release();
        }
    }
}
