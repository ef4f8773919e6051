namespace Obs.Bench;

/// <summary>What `./obs bench` was asked to do.</summary>
internal sealed record BenchSettings
{
    public bool Quick { get; init; }
    public bool Http1 { get; init; }
    public IReadOnlyList<string> Only { get; init; } = [];
    public int Clients { get; init; } = 16;
    public required string ResultsDirectory { get; init; }

    /// <summary>The full count, or the quick one under --quick.</summary>
    public int Pick(int full, int quick) => Quick ? quick : full;
}
