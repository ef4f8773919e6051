using Obs.ApiServer.Storage;

namespace Obs.Testing;

/// <summary>
/// One private PostgreSQL per test process, from the machine's binaries, in a temporary
/// directory, with durability off (a test database is thrown away). Each test takes a database of its own.
/// </summary>
public static class TestPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _server;
    private static int _databases;

    public static async Task<EmbeddedPostgres> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is not null) return _server;
            await StaleTestServers.SweepAsync(Path.GetTempPath());
            var root = Path.Combine(Path.GetTempPath(), $"{StaleTestServers.Prefix}{Environment.ProcessId}");
            var server = new EmbeddedPostgres(root, ["fsync=off", "synchronous_commit=off", "full_page_writes=off"]);
            await server.InitializeAsync();
            await server.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                server.StopAsync().GetAwaiter().GetResult();
                try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            _server = server;
            return server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new, empty database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = await ServerAsync();
        var name = $"{prefix.ToLowerInvariant()}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await server.CreateDatabaseAsync(name);
        return server.ConnectionString(name);
    }
}
