namespace Obs.Bench.Reporting;

/// <summary>One measured figure, with the target and the published or measured anchor it is read against.</summary>
internal sealed record BenchResult(string Benchmark, string Figure, double Value, string Unit, Target? Target, string Anchor, string Note = "")
{
    /// <summary>"met", "MISSED", or "" when the figure has no target.</summary>
    public string Verdict => Target is null ? "" : Target.IsMetBy(Value) ? "met" : "MISSED";
}
