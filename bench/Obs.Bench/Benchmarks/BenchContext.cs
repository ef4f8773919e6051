using Obs.Bench.Load;
using Obs.Bench.Processes;
using Obs.Bench.Reporting;

namespace Obs.Bench.Benchmarks;

/// <summary>What every benchmark is given: the cluster, the client factory, the settings and the report.</summary>
internal sealed class BenchContext(BenchCluster cluster, ApiClients clients, BenchSettings settings, ResultsReport report)
{
    public const string Namespace = "bench";

    public BenchCluster Cluster { get; } = cluster;
    public ApiClients Clients { get; } = clients;
    public BenchSettings Settings { get; } = settings;
    public ResultsReport Report { get; } = report;

    /// <summary>Progress goes to stderr, so stdout holds only the table.</summary>
    public static void Progress(string text) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {text}");

    /// <summary>A fresh database with one apiserver over it, and the benchmark namespace.</summary>
    public async Task<ApiServerChild> StartApiServerAsync(string name, CancellationToken cancellationToken)
    {
        var database = await Cluster.CreateDatabaseAsync(name, cancellationToken);
        var apiserver = await Cluster.StartApiServerAsync(name, database, cancellationToken);
        using var client = Clients.Create(apiserver.Server);
        await PodCreator.CreateNamespaceAsync(client, Namespace, cancellationToken);
        return apiserver;
    }
}
