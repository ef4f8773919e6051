namespace Obs.Bench.Benchmarks;

/// <summary>One benchmark: sets up what it needs on the cluster (its own database and apiservers), measures, and adds its figures to the report.</summary>
internal interface IBenchmark
{
    /// <summary>The name to select it by on the command line.</summary>
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}
