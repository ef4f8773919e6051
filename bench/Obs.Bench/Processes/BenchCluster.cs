using System.Globalization;
using System.Net;
using Obs.ApiServer.Auth;
using Obs.ApiServer.Storage;
using Obs.Cli.Cluster;

namespace Obs.Bench.Processes;

/// <summary>
/// What the benchmarks run against: one private PostgreSQL with the default settings `obs up`
/// uses (fsync and synchronous commit on), a CA, serving certificate and admin token, and
/// apiserver processes started from the Release build of `obs`. Everything lives in one
/// temporary directory; <see cref="DisposeAsync"/> stops each process by its PID and removes it.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly string _root;
    private readonly EmbeddedPostgres _postgres;
    private readonly List<ApiServerChild> _apiservers = [];
    private int _databases;

    /// <summary>
    /// The benchmarks' service range, outside the ones <c>obs up</c> and the test clusters use (127.77–99): node agents
    /// serve cluster DNS on their range's tenth address with SO_REUSEPORT, so a cluster running beside the benchmark on
    /// the same range would answer (and miss) half its DNS queries.
    /// </summary>
    public const string ServiceClusterIpRange = "127.76.0.0/16";

    public const string ClusterDns = "127.76.0.10";

    private BenchCluster(string root, ClusterPki pki, string tokenFile, string token, EmbeddedPostgres postgres)
    {
        _root = root;
        Pki = pki;
        TokenFile = tokenFile;
        Token = token;
        _postgres = postgres;
    }

    public ClusterPki Pki { get; }
    public string TokenFile { get; }
    public string Token { get; }
    public string Root => _root;

    public int PostmasterPid => int.Parse(File.ReadLines(Path.Combine(_postgres.DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    public IReadOnlyList<int> ApiServerPids => _apiservers.Where(a => a.IsRunning).Select(a => a.Pid).ToList();

    public static async Task<BenchCluster> StartAsync(CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"obs-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        var pki = new ClusterPki(Path.Combine(root, "pki"));
        pki.Ensure([IPAddress.Loopback], []);
        var tokenFile = Path.Combine(root, "tokens.csv");
        var token = AdminToken.Ensure(tokenFile);
        // No extra settings: the durability `obs up` gives, one fsync per commit.
        var postgres = new EmbeddedPostgres(Path.Combine(root, "postgres"));
        var cluster = new BenchCluster(root, pki, tokenFile, token, postgres);
        try
        {
            await postgres.InitializeAsync(cancellationToken);
            await postgres.StartAsync(cancellationToken);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>A new empty database: each benchmark starts from nothing.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        var database = $"{name}_{Interlocked.Increment(ref _databases)}";
        await _postgres.CreateDatabaseAsync(database, cancellationToken);
        return _postgres.ConnectionString(database);
    }

    /// <summary>Starts `obs apiserver` as a process of its own over the database and waits until it is ready.</summary>
    public async Task<ApiServerChild> StartApiServerAsync(string name, string databaseUrl, CancellationToken cancellationToken)
    {
        var child = ApiServerChild.Start(this, $"{name}-{_apiservers.Count}", databaseUrl);
        _apiservers.Add(child);
        await child.WaitReadyAsync(cancellationToken);
        return child;
    }

    public async Task StopApiServerAsync(ApiServerChild child)
    {
        await child.StopAsync();
        _apiservers.Remove(child);
    }

    /// <summary>Stops every apiserver still running (a benchmark that failed half way leaves none behind to steal CPU from the next).</summary>
    public async Task StopApiServersAsync()
    {
        foreach (var child in _apiservers) await child.StopAsync();
        _apiservers.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopApiServersAsync();
        try
        {
            if (Directory.Exists(_postgres.DataDirectory)) await _postgres.StopAsync();
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"obs bench: stopping PostgreSQL failed: {e.Message}");
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException e) { Console.Error.WriteLine($"obs bench: could not remove {_root}: {e.Message}"); }
    }
}
