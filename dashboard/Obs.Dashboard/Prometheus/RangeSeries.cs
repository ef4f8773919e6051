namespace Obs.Dashboard.Prometheus;

/// <summary>One series of a range query's matrix: its labels and its (unix seconds, value) points.</summary>
public sealed record RangeSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<(double Time, double Value)> Points)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
