namespace Obs.Bench.Load;

/// <summary>The outcome of a closed-loop run of creates.</summary>
internal sealed record CreateRun(int Count, TimeSpan Elapsed, LatencySample Latency, int Errors, string? FirstError)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;
}
