namespace Obs.Bench.Load;

/// <summary>Latencies in milliseconds, and their percentiles (nearest rank, as HdrHistogram and most load tools report them).</summary>
internal sealed class LatencySample(IEnumerable<double> milliseconds)
{
    private readonly double[] _sorted = milliseconds.Order().ToArray();

    public IReadOnlyList<double> Values => _sorted;
    public int Count => _sorted.Length;
    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];
    public double Mean => _sorted.Length == 0 ? double.NaN : _sorted.Average();

    public double Percentile(double p)
    {
        if (_sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * _sorted.Length);
        return _sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)];
    }

    public double P50 => Percentile(50);
    public double P99 => Percentile(99);

    public static double Milliseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
