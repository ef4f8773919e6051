using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Obs.ApiServer.Storage;

/// <summary>
/// A private PostgreSQL server from the machine's own binaries (Debian: /usr/lib/postgresql/N/bin),
/// in a data directory of its own, listening on 127.0.0.1 only, with a generated password.
/// PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user.
/// </summary>
public sealed class EmbeddedPostgres
{
    public const string SuperUser = "obs";
    private const string OsUser = "postgres";

    private readonly string _root;
    private readonly string _bin;
    private readonly IReadOnlyList<string> _settings;

    /// <param name="root">Holds <c>data/</c>, the log, the port and the password.</param>
    /// <param name="settings">Extra server settings (<c>fsync=off</c> for throw-away test instances).</param>
    public EmbeddedPostgres(string root, IReadOnlyList<string>? settings = null)
    {
        _root = Path.GetFullPath(root);
        _bin = FindBinDirectory() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: install them with 'apt-get install -y postgresql' (./obs does this when run as root)");
        _settings = settings ?? [];
    }

    public string DataDirectory => Path.Combine(_root, "data");
    public string LogFile => Path.Combine(_root, "postgres.log");
    private string PortFile => Path.Combine(_root, "port");
    private string PasswordFile => Path.Combine(_root, "password");

    public int Port => int.Parse(File.ReadAllText(PortFile).Trim(), CultureInfo.InvariantCulture);
    public string Password => File.ReadAllText(PasswordFile).Trim();

    /// <summary>The newest installed PostgreSQL's bin directory, or null.</summary>
    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = Password,
        Database = database,
        MaxPoolSize = 64,
    }.ConnectionString;

    /// <summary>Creates the data directory with initdb, once.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) return;
        Directory.CreateDirectory(_root);
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        await File.WriteAllTextAsync(PortFile, FreePort().ToString(CultureInfo.InvariantCulture), cancellationToken);
        var pwfile = Path.Combine(_root, "initdb.pw");
        await File.WriteAllTextAsync(pwfile, password, cancellationToken);
        Directory.CreateDirectory(DataDirectory);
        GiveToServerUser(_root, recursive: true);
        try
        {
            await RunAsync("initdb", ["-D", DataDirectory, "-U", SuperUser, "--pwfile", pwfile, "--auth-host=scram-sha-256", "--auth-local=peer", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        }
        finally
        {
            File.Delete(pwfile);
        }
    }

    public async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))) return false;
        var (code, _) = await TryRunAsync("pg_ctl", ["status", "-D", DataDirectory], cancellationToken);
        return code == 0;
    }

    /// <summary>Starts the server (waiting until it accepts connections) unless it already runs.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (await IsRunningAsync(cancellationToken)) return;
        var options = new List<string>
        {
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"port={Port}",
            "-c", "unix_socket_directories=",
            "-c", "max_connections=300",
        };
        foreach (var setting in _settings) options.AddRange(["-c", setting]);
        var joined = string.Join(' ', options.Select(o => o.Contains(' ') ? $"'{o}'" : o));
        await RunAsync("pg_ctl", ["start", "-w", "-t", "60", "-D", DataDirectory, "-l", LogFile, "-o", joined], cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!await IsRunningAsync(cancellationToken)) return;
        await RunAsync("pg_ctl", ["stop", "-w", "-m", "fast", "-D", DataDirectory], cancellationToken);
    }

    /// <summary>Creates a database unless it exists.</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        await using var create = new NpgsqlCommand($"create database \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static void GiveToServerUser(string path, bool recursive)
    {
        if (!IsRoot) return;
        var chown = Process.Start(new ProcessStartInfo("chown", recursive ? ["-R", $"{OsUser}:", path] : [$"{OsUser}:", path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0) throw new InvalidOperationException($"chown of {path} to the postgres user failed: is the postgresql package installed?");
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var (code, output) = await TryRunAsync(tool, args, cancellationToken);
        if (code != 0) throw new InvalidOperationException($"{tool} failed ({code}): {output.Trim()}");
    }

    private async Task<(int Code, string Output)> TryRunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var exe = Path.Combine(_bin, tool);
        var start = IsRoot ? new ProcessStartInfo("runuser", ["-u", OsUser, "--", exe, .. args]) : new ProcessStartInfo(exe, args);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // The server must not inherit this process's working directory if the postgres user cannot read it.
        start.WorkingDirectory = "/";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
